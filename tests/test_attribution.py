import pytest

from conftest import case_id, golden
from pipeline.aliases import key

CASES = golden("attribution")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_reporter_golden(nlp, case):
    doc = nlp(case["text"])
    facts = doc._.facts
    assert facts, "no count found"
    got = facts[-1]
    if case["reporter"] is None:
        assert got["reporter"] is None
    elif case.get("exact"):  # the canonical reporter itself, not just the text as written
        assert key(got["reporter"] or "") == key(case["reporter"]), (got["reporter"], got["reporter_rule"])
    else:
        # the canonical reporter or the reporter as written must name the expected one
        names = [key(got["reporter"] or ""), key(got["reporter_text"] or "")]
        assert any(key(case["reporter"]) in n for n in names), (got["reporter"], got["reporter_text"])
        assert got["reporter_rule"]
