import datetime as dt

import pytest

from conftest import case_id, golden
from pipeline.temporal import SINCE, find_times, publication_date, resolve

CASES = golden("times")


def _resolve_all(text, published, dateline=False):
    """Every resolved time in text as [start, end, granularity]; the anchor is the publication
    date, else (dateline cases) the dateline, whose own span is left out."""
    skip = None
    anchor = dt.date.fromisoformat(published) if published else None
    if dateline:
        anchor, _, skip = publication_date(text)
    out = []
    for s, e, rule, m in find_times(text):
        if skip and (s, e) == tuple(skip):
            continue
        v = resolve(rule, m, anchor, since=bool(SINCE.search(text[max(0, s - 25):s])))
        if v.start is not None:
            out.append([v.start.isoformat(), v.end.isoformat(), v.granularity])
    return out


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_time_golden(case):
    if case.get("dateline"):
        assert publication_date(case["text"])[0] == dt.date.fromisoformat(case["dateline"])
    got = _resolve_all(case["text"], case["published"], bool(case.get("dateline")))
    if case["expected"] is None:
        assert got == []
    else:
        assert [g[:2] for g in got] == [case["expected"]]
        if case.get("granularity"):
            assert got[0][2] == case["granularity"]


def test_golden_table_size():
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if c["expected"] is None) >= 15


def test_publication_date_from_dateline():
    text = "Judul berita\n\n28 Oktober 2024 12:40\n\nGenPI.co - AS mengatakan pada 12 Januari 2020 bahwa ..."
    day, rule, _ = publication_date(text)
    assert (day, rule) == (dt.date(2024, 10, 28), "dateline_line")
