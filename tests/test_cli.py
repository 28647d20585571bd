"""End to end: the real command on seeds/ and on bad input."""
import gzip
import json
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ROOT, SHARED

CONTRACT_COLUMNS = ["article_id", "count_low", "count_high", "count_text", "approx", "unit", "status", "actor",
                    "reporter", "reporter_text", "where_name", "where_text", "when_start", "when_end", "when_text",
                    "sentence", "char_start", "char_end"]


def run(python, *args, cwd=ROOT):
    return subprocess.run([python, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory, python):
    out = tmp_path_factory.mktemp("seeds_out")
    r = run(python, "run", "seeds", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out, r


@pytest.mark.slow
def test_seeds_contract_columns(seeds_out):
    out, r = seeds_out
    t = pq.read_table(out / "facts.parquet")
    assert t.column_names[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert str(t.schema.field("when_start").type) == "date32[day]"
    rows = t.to_pylist()
    assert len({r["article_id"] for r in rows}) == 5
    assert "read 5 articles" in r.stderr
    for row in rows:
        text = (ROOT / "seeds" / f"{row['article_id']}.txt").read_text(encoding="utf-8")
        assert text[row["char_start"]:row["char_end"]] == row["count_text"]


@pytest.mark.slow
def test_seeds_score(seeds_out, python):
    scorer = SHARED / "eval" / "score_facts.py"
    if not scorer.exists():
        pytest.skip("../shared/eval not present")
    out, _ = seeds_out
    r = subprocess.run([python, str(scorer), str(out / "facts.parquet"), str(SHARED / "gold" / "seeds_facts.jsonl")],
                       capture_output=True, text=True, timeout=120)
    line = r.stdout.strip().splitlines()[-1]
    vals = dict(kv.split("=") for kv in line.split())
    assert float(vals["count_f1"]) >= 0.95 and float(vals["fact_f1"]) >= 0.90, line
    for k in ("reporter_acc", "where_acc", "when_acc"):
        assert float(vals[k]) >= 0.90, line


@pytest.mark.slow
def test_rerun_does_not_duplicate(seeds_out, python):
    out, _ = seeds_out
    before = pq.read_table(out / "facts.parquet").num_rows
    r = run(python, "run", "seeds", "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    assert pq.read_table(out / "facts.parquet").num_rows == before


@pytest.mark.slow
def test_bad_input_is_recorded_and_batch_goes_on(tmp_path, python):
    src = tmp_path / "in"
    src.mkdir()
    good = (ROOT / "seeds" / "004_416e0f37f0a23236.txt").read_text(encoding="utf-8")
    (src / "good.txt").write_text(good, encoding="utf-8")
    (src / "empty.txt").write_text("  \n", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (src / "latin1.txt").write_bytes("Sebanyak 500 prajurit TNI tiba di Jayapura pada hari Senin, kata "
                                     "Kapendam. Mereka akan bertugas selama sembilan bulan di perbatasan.".encode("utf-8")
                                     .replace(b"Kapendam", "Kapendam \u00e9".encode("cp1252")))
    (src / "english.txt").write_text("About 3,000 North Korean soldiers have been sent to Russia, the Pentagon "
                                     "said on Wednesday, and they are training at several sites.", encoding="utf-8")
    (src / "cp1252_undefined.txt").write_bytes(good.encode("utf-8").replace(b"Korea", b"Kor\x81ea", 1)
                                              .replace(b"\xc2\xa0", b" "))  # 0x81: latin-1 fallback
    (src / "huge.txt").write_text(("Sebanyak 500 prajurit TNI tiba di Jayapura. " * 120_000)[: 5 * 1024 * 1024],
                                  encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": good, "published": "2024-10-28"}), "{not json", json.dumps({"id": "j2"}),
             json.dumps({"id": "good", "text": good})]   # same id as good.txt
    (src / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    gz = [json.dumps({"id": "g1", "text": good}), json.dumps({"id": "j1", "text": good + " Tambahan."}), "[1, 2]"]
    (src / "more.jsonl.gz").write_bytes(gzip.compress(("\n".join(gz) + "\n").encode()))
    (src / "table.csv").write_text("id,text,published\nc1,\"" + good.replace('"', '""') + "\",2024-10-29\nc2,,\n",
                                   encoding="utf-8")
    (src / "page.html").write_text("<html><head><title>t</title></head><body><article><p>"
                                   + good.replace("\n\n", "</p><p>") + "</p></article></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    r = run(python, "run", str(src), "--out", str(out))
    assert r.returncode == 0, r.stderr
    errors = {e["article_id"]: e for e in pq.read_table(out / "errors.parquet").to_pylist()}
    assert errors["huge"]["reason"].startswith("too long: ") and "5,242,880" in errors["huge"]["reason"]
    assert errors["cp1252_undefined"]["severity"] == "warning" and "latin-1" in errors["cp1252_undefined"]["reason"]
    assert errors["j1"]["reason"].startswith("duplicate article_id")      # the second j1, from more.jsonl.gz
    assert errors["good"]["reason"].startswith("duplicate article_id")    # the JSONL "good" after good.txt
    assert errors["c2"]["reason"] == "empty article"
    assert any(e["reason"].startswith("malformed JSONL") and "more.jsonl.gz" in e["source"] for e in errors.values())
    assert errors["empty"]["reason"] == "empty article"
    assert errors["binary"]["reason"].startswith("not text")
    assert errors["english"]["reason"].startswith("not Indonesian")
    assert errors["latin1"]["severity"] == "warning" and "cp1252" in errors["latin1"]["reason"]
    assert any(e["reason"].startswith("malformed JSONL") for e in errors.values())
    assert errors["j2"]["reason"] == "JSONL line has no text string"
    facts = pq.read_table(out / "facts.parquet").to_pylist()
    assert {f["article_id"] for f in facts} >= {"good", "j1", "latin1", "g1", "c1", "page", "cp1252_undefined"}
    arts = {a["article_id"]: a for a in pq.read_table(out / "articles.parquet").to_pylist() if a["status"] == "ok"}
    assert arts["c1"]["published"].isoformat() == "2024-10-29" and arts["page"]["title"] == "t"
    assert "rejected" in r.stderr and "warning:" in r.stderr and "\r" not in r.stderr


@pytest.mark.parametrize("args,msg", [
    (["run", "no/such/folder", "--out", "x"], "input not found"),
    (["run", "pyproject.toml", "--out", "x"], "unknown input format"),
    (["run", "seeds/*.csv", "--out", "x"], "no files match"),
    (["run", "seeds", "--out", "x", "--engine", "dask"], "needs --scheduler"),
    (["run", "seeds", "--out", "x", "--workers", "0"], "--workers must be at least 1"),
    (["run", "seeds", "--out", "README.md"], "--out is not a folder"),
])
def test_unusable_arguments_exit_nonzero(python, args, msg, tmp_path):
    r = run(python, *args)
    assert r.returncode != 0
    assert msg in r.stderr and len(r.stderr.strip().splitlines()) == 1
