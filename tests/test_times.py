import datetime as dt

import pytest

from conftest import case_id, golden
from pipeline.temporal import SINCE, find_times, resolve

CASES = golden("times")


def _resolve_all(text, published):
    anchor = dt.date.fromisoformat(published) if published else None
    out = []
    for s, e, rule, m in find_times(text):
        v = resolve(rule, m, anchor, since=bool(SINCE.search(text[max(0, s - 25):s])))
        if v.start is not None:
            out.append([v.start.isoformat(), v.end.isoformat()])
    return out


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_time_golden(case):
    got = _resolve_all(case["text"], case["published"])
    if case["expected"] is None:
        assert got == []
    else:
        assert got == [case["expected"]]


def test_publication_date_from_dateline():
    from pipeline.temporal import publication_date

    text = "Judul berita\n\n28 Oktober 2024 12:40\n\nGenPI.co - AS mengatakan pada 12 Januari 2020 bahwa ..."
    day, rule, _ = publication_date(text)
    assert (day, rule) == (dt.date(2024, 10, 28), "dateline_line")
