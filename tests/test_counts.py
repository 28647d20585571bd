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


@pytest.mark.parametrize("case", [c for c in CASES if c["expected"]], ids=case_id)
def test_personnel_prefilter_keeps_every_golden_count(case):
    """find_counts skips text in which no word starts a personnel noun; no golden count may be lost."""
    from pipeline.components.counts import _regexes, mentions_personnel

    assert mentions_personnel(case["text"], _regexes()["unit_first"])


@pytest.mark.parametrize("text,expected", [
    ("Sebanyak 500 PRAJURIT tiba.", True),
    ("Ratusan pasukannya ditarik.", True),
    ("Dua penembak jitu disiagakan.", True),
    ("Harga cabai naik 5.000 rupiah per kilogram pada 2023.", False),
    ("Sebanyak 300 orang mengungsi ke Bandung.", False),
])
def test_personnel_prefilter(text, expected):
    from pipeline.components.counts import _regexes, mentions_personnel

    assert mentions_personnel(text, _regexes()["unit_first"]) is expected
