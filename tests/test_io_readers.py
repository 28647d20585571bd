"""Readers and the driver's screen, without the model: every input format and every bad input."""
import datetime as dt
import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import spacy

from pipeline.io import InputError, ReadOptions, decode, expand_inputs, iter_inputs
from pipeline.runner import Screen, process_articles, split_chunks

ID_TEXT = ("Sebanyak 500 prajurit TNI tiba di Jayapura pada hari Senin, kata Kapendam. Mereka akan bertugas "
           "selama sembilan bulan di perbatasan untuk menjaga keamanan wilayah tersebut.")

HTML = """<!DOCTYPE html><html lang="id"><head><title>Prajurit tiba di Jayapura</title>
<meta property="article:published_time" content="2024-10-28T08:00:00+07:00"></head>
<body><nav><a href="/">Beranda</a> | <a href="/berita">Berita</a></nav>
<article><h1>Prajurit tiba di Jayapura</h1>
<p>{p}</p><p>Pasukan itu berangkat dari Surabaya menggunakan kapal perang milik TNI Angkatan Laut dan
disambut oleh pejabat daerah setempat di pelabuhan.</p></article>
<footer>Hak cipta 2024. Baca juga: berita lainnya.</footer></body></html>""".format(p=ID_TEXT)


def arts(*inputs, **kw):
    return list(iter_inputs([str(i) for i in inputs], ReadOptions(**kw) if kw else None))


# -- formats ------------------------------------------------------------------------------------

def test_jsonl_gz_and_plain_jsonl(tmp_path):
    rows = [{"id": "a", "text": ID_TEXT, "published": "2024-10-28"}, {"id": "b", "text": ID_TEXT, "title": "T"}]
    data = "\n".join(json.dumps(r) for r in rows).encode()
    (tmp_path / "x.jsonl.gz").write_bytes(gzip.compress(data))
    (tmp_path / "y.jsonl").write_bytes(data)
    got = arts(tmp_path / "x.jsonl.gz")
    assert [a.article_id for a in got] == ["a", "b"]
    assert got[0].published == dt.date(2024, 10, 28) and got[1].title == "T"
    assert {a.kind for a in expand_inputs([str(tmp_path)])} == {"jsonl"}


def test_truncated_gzip_is_recorded(tmp_path):
    data = gzip.compress(("\n".join(json.dumps({"id": f"a{i}", "text": ID_TEXT}) for i in range(50))).encode())
    (tmp_path / "t.jsonl.gz").write_bytes(data[: len(data) // 2])
    got = arts(tmp_path / "t.jsonl.gz")
    assert got and got[-1].problem.startswith("unreadable file after line")


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_tables_with_configurable_columns(tmp_path, kind):
    rows = [{"doc_id": "007", "body": ID_TEXT, "date": "2024-10-28", "url": "https://x.id/1"},
            {"doc_id": "008", "body": "", "date": "", "url": ""},
            {"doc_id": "", "body": ID_TEXT, "date": "28/10/2024", "url": ""}]
    p = tmp_path / f"t.{kind}"
    if kind == "csv":
        import csv

        with open(p, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), p)
    with pytest.raises(InputError, match="has no column 'id'.*use --id-col"):
        expand_inputs([str(p)])
    got = arts(p, id_col="doc_id", text_col="body", published_col="date")
    assert [a.article_id for a in got] == ["007", "008", "t:row3"]
    assert got[0].problem is None and got[0].published == dt.date(2024, 10, 28) and got[0].url == "https://x.id/1"
    assert got[0].source.endswith("t.%s:row1" % kind)
    assert got[1].problem == "empty article"
    assert "no id" in got[2].problem


def test_cp1252_csv_is_decoded_with_a_warning(tmp_path):
    p = tmp_path / "w.csv"
    p.write_bytes(("id,text\nx1,\"" + ID_TEXT + " Caf\u00e9 \u201cbaru\u201d.\"\n").encode("cp1252"))
    (a,) = arts(p)
    assert "Caf\u00e9 \u201cbaru\u201d" in a.text and "cp1252" in a.warnings[0]


def test_csv_with_newlines_in_values(tmp_path):
    p = tmp_path / "n.csv"
    p.write_text('id,text\nm1,"' + ID_TEXT + '\n\nParagraf kedua di sini."\n', encoding="utf-8")
    (a,) = arts(p)
    assert a.text.endswith("Paragraf kedua di sini.")


def test_html_main_text_and_date(tmp_path):
    p = tmp_path / "berita-1.html"
    p.write_text(HTML, encoding="utf-8")
    (a,) = arts(p)
    assert a.article_id == "berita-1" and a.problem is None
    assert "500 prajurit TNI" in a.text and "Beranda" not in a.text
    assert a.published == dt.date(2024, 10, 28)


def test_html_without_text_is_recorded(tmp_path):
    (tmp_path / "e.html").write_text("<html><head><title>x</title></head><body><script>var a=1;</script></body></html>", encoding="utf-8")
    (tmp_path / "z.htm").write_bytes(b"")
    got = {a.article_id: a.problem for a in arts(tmp_path)}
    assert got["e"].startswith("HTML has no main text") and got["z"] == "empty article"


def test_globs_and_unusable_arguments(tmp_path):
    for n in ("a", "b"):
        (tmp_path / f"{n}.txt").write_text(ID_TEXT, encoding="utf-8")
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")
    assert [s.path.name for s in expand_inputs([str(tmp_path / "*.txt")])] == ["a.txt", "b.txt"]
    assert [s.path.name for s in expand_inputs([str(tmp_path / "**" / "*.txt")])] == ["a.txt", "b.txt"]
    with pytest.raises(InputError, match="no files match"):
        expand_inputs([str(tmp_path / "*.csv")])
    with pytest.raises(InputError, match="unknown input format"):
        expand_inputs([str(tmp_path / "c.json")])
    with pytest.raises(InputError, match="input not found"):
        expand_inputs([str(tmp_path / "nope")])


# -- bad bytes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,problem,warn", [
    (b"", "empty article", None),
    (b"  \n\t ", "empty article", None),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not text", None),
    (bytes(range(1, 32)) * 40, "not text", None),                 # control bytes, no NUL
    (ID_TEXT.encode("cp1252") + b" \x93kutipan\x94", None, "cp1252"),
    (ID_TEXT.encode("latin-1") + " caf\u00e9".encode("latin-1") + b"\x81", None, "latin-1"),  # 0x81: undefined in cp1252
    ("\ufeff".encode() + ID_TEXT.encode(), None, None),            # UTF-8 BOM
])
def test_decode(raw, problem, warn):
    text, prob, warnings = decode(raw)
    if problem:
        assert text is None and prob.startswith(problem)
    else:
        assert prob is None and text.startswith("Sebanyak")
    assert (warn in warnings[0]) if warn else not warnings


def test_oversized_file_is_not_read(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"kata " * 300_000)  # 1.5 MB
    (a,) = arts(p, max_file_bytes=1_000_000)
    assert a.text is None and a.problem.startswith("too long: file is 1,500,000 bytes")


# -- the screen (duplicates, incremental) and the long-article policy ----------------------------

def test_screen_duplicates_and_known_articles(tmp_path):
    from pipeline.io import Article

    a1, a2 = Article("x", ID_TEXT, "f1"), Article("x", ID_TEXT + " Lagi.", "f2")
    s = Screen()
    assert s(a1).problem is None
    assert s(a2).problem.startswith("duplicate article_id (first seen in f1)")
    known = Screen({("x", "f1", a1.content_hash), ("e", "f9", None)}, {"x": a1.content_hash})
    assert known(Article("x", ID_TEXT, "elsewhere")) is None              # same content from another file
    assert known(Article("e", None, "f9", problem="empty article")) is None
    assert "different content" in known(Article("x", ID_TEXT + " Baru.", "f3")).problem
    assert known.skipped == 2


def test_five_megabyte_article_is_rejected_before_the_pipeline():
    from pipeline.io import Article

    big = Article("big", ("Sebanyak 500 prajurit TNI tiba di Jayapura. " * 120_000)[: 5 * 1024 * 1024], "big.txt")
    facts, errors, rows = process_articles(spacy.blank("id"), [big])  # a blank pipeline: nothing runs
    assert not facts and rows[0]["status"] == "rejected" and rows[0]["n_chars"] == 5 * 1024 * 1024
    assert errors[0]["reason"].startswith("too long: 5,242,880 characters > 1,000,000")


def test_split_chunks_keeps_every_character():
    text = ("Paragraf satu berisi kalimat. Kalimat kedua.\n\n" * 50) + "x" * 3000
    chunks = split_chunks(text, 1000)
    assert "".join(c for _, c in chunks) == text
    assert all(len(c) <= 1000 for _, c in chunks)
    assert all(text[o:o + len(c)] == c for o, c in chunks)
    assert chunks[0][1].endswith("\n\n")
