"""The output dataset without the model: atomic parts, commit order, orphans, rebuilds, lock."""
import json

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from pipeline.dataset import COMPLETE, Dataset
from pipeline.io import InputError
from pipeline.schema import ARTICLES


def art(i, status="ok", h="h"):
    return {"article_id": f"a{i}", "source": f"s{i}", "content_hash": f"{h}{i}", "status": status, "n_chars": 10}


def fact(i):
    return {"article_id": f"a{i}", "count_low": 5, "count_high": 5, "count_text": "5", "sentence": "x"}


def rows(out, table):
    return pads.dataset(out / f"{table}.parquet", format="parquet").to_table().to_pylist()


def hidden(out):
    return [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".lock"]


def test_commit_finish_and_known(tmp_path):
    ds = Dataset(tmp_path, "r1")
    ds.commit([fact(1)], [], [art(1)])
    ds.commit([], [{"article_id": "a2", "reason": "empty article", "severity": "rejected"}],
              [art(2, "rejected", h=None) | {"content_hash": None}])
    ds.finish()
    ds.write_manifest({"run_id": "r1", "status": "complete", "counts": {"read": 2}})
    ds.close()
    assert [r["article_id"] for r in rows(tmp_path, "articles")] == ["a1", "a2"]
    assert len(rows(tmp_path, "facts")) == 1 and len(rows(tmp_path, "errors")) == 1
    assert hidden(tmp_path) == []
    ds2 = Dataset(tmp_path, "r2")
    keys, ok = ds2.known()
    assert keys == {("a1", "s1", "h1"), ("a2", "s2", None)} and ok == {"a1": "h1"}
    ds2.finish()
    ds2.write_manifest({"run_id": "r2", "status": "complete"})
    ds2.close()
    m = json.loads((tmp_path / "manifest.json").read_text())
    assert m["run_id"] == "r2" and m["history"][0]["run_id"] == "r1"


def test_empty_run_still_gives_readable_tables(tmp_path):
    ds = Dataset(tmp_path, "r1")
    ds.finish()
    ds.close()
    for t in ("facts", "errors", "articles"):
        assert pq.read_table(tmp_path / f"{t}.parquet").num_rows == 0
    assert "count_low" in pq.read_table(tmp_path / "facts.parquet").column_names


def test_uncommitted_parts_of_a_killed_run_are_removed(tmp_path):
    ds = Dataset(tmp_path, "r1")
    ds.commit([fact(1)], [], [art(1)])
    ds.close()  # no finish: as if killed after the first flush
    # a flush killed between its facts rename and its articles rename:
    orphan = tmp_path / "facts.parquet" / "part-r1-00002.parquet"
    pq.write_table(pq.read_table(tmp_path / "facts.parquet" / "part-r1-00001.parquet"), orphan)
    (tmp_path / ".staging-r1").mkdir()
    (tmp_path / ".staging-r1" / ".part.tmp").write_bytes(b"PAR1 half")
    ds = Dataset(tmp_path, "r2")
    assert not orphan.exists() and any("interrupted run" in n for n in ds.notes)
    assert not (tmp_path / ".staging-r1").exists()
    assert ds.known()[1] == {"a1": "h1"}
    ds.close()


def test_overwrite_swaps_in_at_the_end_only(tmp_path):
    ds = Dataset(tmp_path, "r1")
    ds.commit([fact(1)], [], [art(1)])
    ds.finish()
    ds.close()
    ds = Dataset(tmp_path, "r2", overwrite=True)
    assert ds.known() == (set(), {})
    ds.commit([fact(2), fact(2)], [], [art(2)])
    assert [r["article_id"] for r in rows(tmp_path, "articles")] == ["a1"]  # old data until the swap
    ds.close()  # killed before finish: the rebuild is dropped, the old dataset stays
    assert [r["article_id"] for r in rows(tmp_path, "articles")] == ["a1"] and hidden(tmp_path) == []
    ds = Dataset(tmp_path, "r3", overwrite=True)
    ds.commit([fact(2), fact(2)], [], [art(2)])
    ds.finish()
    ds.close()
    assert [r["article_id"] for r in rows(tmp_path, "articles")] == ["a2"] and len(rows(tmp_path, "facts")) == 2
    assert hidden(tmp_path) == []


def test_a_swap_killed_halfway_is_finished_by_the_next_run(tmp_path):
    ds = Dataset(tmp_path, "r1")
    ds.commit([fact(1)], [], [art(1)])
    ds.finish()
    ds.close()
    ds = Dataset(tmp_path, "r2", overwrite=True)
    ds.commit([fact(2)], [], [art(2)])
    root = ds.root
    (root / COMPLETE).touch()
    # the swap moved facts, then died
    (tmp_path / "facts.parquet").rename(root / "old-facts.parquet")
    (root / "facts.parquet").rename(tmp_path / "facts.parquet")
    ds.staging.rmdir()
    ds._lock_fh.close()
    ds = Dataset(tmp_path, "r3")
    assert [r["article_id"] for r in rows(tmp_path, "articles")] == ["a2"]
    assert [r["article_id"] for r in rows(tmp_path, "facts")] == ["a2"]
    ds.close()


def test_single_file_or_other_schema_means_rebuild(tmp_path):
    pq.write_table(pa.table({"article_id": ["x"]}), tmp_path / "facts.parquet")
    ds = Dataset(tmp_path, "r1")
    assert ds.rebuild and "single file" in ds.notes[0]
    ds.commit([fact(1)], [], [art(1)])
    ds.finish()
    ds.close()
    assert (tmp_path / "facts.parquet").is_dir()
    old = ARTICLES.remove(ARTICLES.get_field_index("reason"))
    pq.write_table(old.empty_table(), tmp_path / "articles.parquet" / "part-r0-00001.parquet")
    ds = Dataset(tmp_path, "r2")
    assert ds.rebuild and "another schema" in ds.notes[0]
    ds.close()


def test_one_writer_at_a_time(tmp_path):
    ds = Dataset(tmp_path, "r1")
    with pytest.raises(InputError, match="another run"):
        Dataset(tmp_path, "r2")
    ds.close()
    Dataset(tmp_path, "r3").close()
