"""The project's own evaluation sets, scored with the shared scorer:
- tests/data/devset: short passages written for this project across TNI deployments,
  peacekeeping, police operations, foreign wars, casualties, withdrawals and denials;
- tests/data/heldout: 30 articles and probes written blind (without reading or running the
  pipeline; see its README). Its first score was fact_f1 0.892, where_acc 0.576, when_acc 0.784;
  the floors below guard what was reached after fixing the general failures it showed."""
import subprocess

import pytest

from conftest import DATA, ROOT, SHARED

FLOORS = {"count_f1": 0.95, "fact_f1": 0.95, "reporter_acc": 0.90, "where_acc": 0.90, "when_acc": 0.90}


SETS = {"devset": FLOORS,
        "heldout": {"count_f1": 0.95, "fact_f1": 0.95, "reporter_acc": 0.95, "where_acc": 0.85, "when_acc": 0.85},
        # the second blind set (first run: fact_f1 0.871, reporter 0.750, where 0.750, when 0.846)
        "heldout2": {"count_f1": 0.95, "fact_f1": 0.90, "reporter_acc": 0.85, "where_acc": 0.75, "when_acc": 0.80},
        # the third blind set, scored once on the final pipeline without any change made for it
        "heldout3": {"count_f1": 0.95, "fact_f1": 0.90, "reporter_acc": 0.85, "where_acc": 0.85, "when_acc": 0.75}}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_devset_scores(tmp_path, python, name):
    scorer = SHARED / "eval" / "score_facts.py"
    if not scorer.exists():
        pytest.skip("../shared/eval not present")
    out = tmp_path / "out"
    r = subprocess.run([python, "-m", "pipeline", "run", str(DATA / name / "articles.jsonl"), "--out", str(out),
                        "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([python, str(scorer), str(out / "facts.parquet"), str(DATA / name / "gold.jsonl")],
                       capture_output=True, text=True, timeout=120)
    line = r.stdout.strip().splitlines()[-1]
    vals = {k: float(v) for k, v in (kv.split("=") for kv in line.split())}
    for k, floor in SETS[name].items():
        assert vals[k] >= floor, line
