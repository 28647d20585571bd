"""The project's own development set (tests/data/devset): short passages written for this project
across TNI deployments, peacekeeping, police operations, foreign wars, casualties, withdrawals and
denials, with gold facts in the format of ../shared/gold. Scored with the shared scorer."""
import subprocess

import pytest

from conftest import DATA, ROOT, SHARED

FLOORS = {"count_f1": 0.95, "fact_f1": 0.95, "reporter_acc": 0.90, "where_acc": 0.90, "when_acc": 0.90}


@pytest.mark.slow
def test_devset_scores(tmp_path, python):
    scorer = SHARED / "eval" / "score_facts.py"
    if not scorer.exists():
        pytest.skip("../shared/eval not present")
    out = tmp_path / "out"
    r = subprocess.run([python, "-m", "pipeline", "run", str(DATA / "devset" / "articles.jsonl"), "--out", str(out),
                        "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([python, str(scorer), str(out / "facts.parquet"), str(DATA / "devset" / "gold.jsonl")],
                       capture_output=True, text=True, timeout=120)
    line = r.stdout.strip().splitlines()[-1]
    vals = {k: float(v) for k, v in (kv.split("=") for kv in line.split())}
    for k, floor in FLOORS.items():
        assert vals[k] >= floor, line
