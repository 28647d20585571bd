"""Fact-level time selection (facts._time_for): the event's time wins over the time the claim
was made, which wins over the publication date. Golden cases in tests/data/fact_times.jsonl."""
import datetime as dt

import pytest

from conftest import case_id, golden

CASES = golden("fact_times")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_fact_time(nlp, case):
    doc = nlp.make_doc(case["text"])
    doc._.published = dt.date.fromisoformat(case["published"])
    doc = nlp(doc)
    facts = [f for f in doc._.facts if f["count_low"] == case["count"]]
    assert facts, doc._.facts
    f = facts[0]
    got = [f["when_start"].isoformat(), f["when_end"].isoformat(), f["when_granularity"]]
    assert got == case["expected"], f["when_rule"]
