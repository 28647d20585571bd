"""Where the personnel of a count are (`where_name`): cues in the sentence, the article's context,
the actor's own country for strength statements, never the place where a statement was made.
Golden cases in tests/data/places.jsonl (a null `where` must stay null)."""
import pytest

from conftest import case_id, golden

CASES = golden("places")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_place(nlp, case):
    facts = [f for f in nlp(case["text"])._.facts if f["count_low"] == case["count"]]
    assert facts, "count not found"
    f = facts[0]
    assert f["where_name"] == case["where"], f["where_rule"]
    if case.get("rule"):
        assert case["rule"] in f["where_rule"]
