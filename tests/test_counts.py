import pytest

from conftest import case_id, golden
from pipeline.components.counts import find_counts

CASES = golden("counts")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_count_golden(case):
    got = [{k: c[k] for k in ("low", "high", "approx", "unit")} for c in find_counts(case["text"])]
    assert got == case["expected"]


@pytest.mark.parametrize("case", [c for c in CASES if c["expected"]], ids=case_id)
def test_count_offsets_point_into_text(case):
    for c in find_counts(case["text"]):
        assert case["text"][c["start_char"]:c["end_char"]] == c["count_text"]


def test_golden_has_negatives():
    assert sum(1 for c in CASES if not c["expected"]) >= 40
