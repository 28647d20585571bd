"""The batch path end to end with the model: engines agree, runs are incremental, an
interrupted run resumes, long articles are chunked. In-process (`cli.main`) and sharing the
session's pipeline, so the model is loaded once for the whole file."""
import json
import shutil
import subprocess

import pyarrow.dataset as pads
import pytest

from conftest import ROOT
from pipeline import cli, runner
from pipeline.io import Article

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def shared_nlp(nlp):
    runner._NLP.setdefault(("auto", None, None, "all"), nlp)  # what get_nlp() would load: the session's pipeline
    return nlp


def table(out, name):
    rows = pads.dataset(out / f"{name}.parquet", format="parquet").to_table().to_pylist()
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def tables(out):
    return {n: table(out, n) for n in ("facts", "errors", "articles")}


def run(*args):
    return cli.main(["run", *map(str, args), "--quiet"])


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory):
    """Seeds plus bad and duplicate records, in two formats."""
    d = tmp_path_factory.mktemp("mixed")
    for p in SEEDS:
        shutil.copy(p, d / p.name)
    good = SEEDS[0].read_text(encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": good, "published": "2024-10-28"}), "{broken",
             json.dumps({"id": "j1", "text": good}), json.dumps({"id": "en", "text": "About 3,000 North Korean "
                                                               "soldiers were sent to Russia, officials said."})]
    (d / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def inline_out(shared_nlp, mixed_input, tmp_path_factory):
    out = tmp_path_factory.mktemp("inline")
    assert run(mixed_input, "--out", out, "--batch-size", "3") == 0
    return out


@pytest.mark.slow
def test_inline_run_records_bad_input(inline_out):
    t = tables(inline_out)
    reasons = {e["article_id"]: e["reason"] for e in t["errors"]}
    assert reasons["j1"].startswith("duplicate article_id") and reasons["en"].startswith("not Indonesian")
    assert any(r.startswith("malformed JSONL") for r in reasons.values())
    assert {a["article_id"] for a in t["articles"] if a["status"] == "ok"} == {p.stem for p in SEEDS} | {"j1"}
    m = json.loads((inline_out / "manifest.json").read_text())
    assert m["status"] == "complete" and m["counts"]["processed"] == 6 and m["counts"]["rejected"] == 3
    assert m["versions"]["pipeline"] and m["model"]["ner"] and m["timings"]["total_s"] > 0
    assert m["dataset_rows"]["facts"] == len(t["facts"])


@pytest.mark.slow
def test_dask_engine_writes_the_same_rows(inline_out, mixed_input, tmp_path):
    from distributed import LocalCluster

    out = tmp_path / "dask"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        assert run(mixed_input, "--out", out, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                   "--batch-size", "2") == 0
    assert tables(out) == tables(inline_out)
    assert json.loads((out / "manifest.json").read_text())["engine"] == "dask"


@pytest.mark.slow
def test_two_local_workers_write_the_same_rows(inline_out, mixed_input, tmp_path, python):
    out = tmp_path / "w2"
    r = subprocess.run([python, "-m", "pipeline", "run", str(mixed_input), "--out", str(out), "--workers", "2",
                        "--batch-size", "2"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert tables(out) == tables(inline_out)
    m = json.loads((out / "manifest.json").read_text())
    assert m["workers"] == 2 and all(w["peak_rss_mb"] > 0 for w in m["worker_stats"].values())
    assert "\r" not in r.stderr  # no progress bar when stderr is not a terminal


@pytest.mark.slow
def test_incremental_overlapping_runs_and_overwrite(shared_nlp, tmp_path):
    part = tmp_path / "part"
    part.mkdir()
    for p in SEEDS[:3]:
        shutil.copy(p, part / p.name)
    full, inc = tmp_path / "full", tmp_path / "inc"
    assert run(ROOT / "seeds", "--out", full) == 0
    assert run(part, "--out", inc) == 0
    assert run(ROOT / "seeds", part / SEEDS[0].name, "--out", inc) == 0  # overlaps the first run and itself
    expected = tables(full)
    got = tables(inc)
    assert got["facts"] == expected["facts"]
    nosrc = lambda rows: sorted(json.dumps({k: v for k, v in r.items() if k != "source"}, default=str) for r in rows)  # noqa: E731
    assert nosrc(got["articles"]) == nosrc(expected["articles"])
    m = json.loads((inc / "manifest.json").read_text())
    assert m["counts"]["skipped_existing"] == 4 and m["counts"]["processed"] == 2
    assert run(ROOT / "seeds", "--out", inc) == 0
    assert tables(inc) == got
    assert run(ROOT / "seeds", "--out", inc, "--overwrite") == 0
    assert tables(inc) == expected
    assert len(list((inc / "facts.parquet").iterdir())) == 1


@pytest.mark.slow
def test_interrupted_run_leaves_no_partial_files_and_resumes(shared_nlp, tmp_path, monkeypatch):
    from pipeline.dataset import Dataset

    clean = tmp_path / "clean"
    assert run(ROOT / "seeds", "--out", clean) == 0
    out = tmp_path / "out"
    real_commit = Dataset.commit
    calls = []

    def commit_then_die(self, *a):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_commit(self, *a)

    monkeypatch.setattr(Dataset, "commit", commit_then_die)
    assert run(ROOT / "seeds", "--out", out, "--batch-size", "1", "--flush-every", "2") == 130
    monkeypatch.setattr(Dataset, "commit", real_commit)
    assert sorted(p.name for p in out.iterdir()) == [".lock", "articles.parquet", "errors.parquet",
                                                     "facts.parquet", "manifest.json"]
    assert len(table(out, "articles")) == 2 and json.loads((out / "manifest.json").read_text())["status"] == \
        "interrupted"
    assert run(ROOT / "seeds", "--out", out) == 0
    assert tables(out) == tables(clean)
    assert json.loads((out / "manifest.json").read_text())["counts"]["skipped_existing"] == 2


@pytest.mark.slow
def test_long_article_is_processed_in_chunks(shared_nlp):
    one = SEEDS[4].read_text(encoding="utf-8")
    text = "\n\n".join([one] * 4)
    facts1, _, _ = runner.process_articles(shared_nlp, [Article("one", one, "x")])
    facts, errors, arts = runner.process_articles(shared_nlp, [Article("long", text, "x")], chunk_chars=len(one) + 10)
    assert arts[0]["status"] == "ok" and "processed in chunks" in errors[0]["reason"]
    assert len(facts) == 4 * len(facts1) > 0
    for f in facts:
        assert text[f["char_start"]:f["char_end"]] == f["count_text"]
        assert " ".join(f["sentence"].split()) == " ".join(text[f["sentence_start"]:f["sentence_end"]].split())
    assert len({f["fact_id"] for f in facts}) == len(facts)
