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


def test_entities_never_end_in_whitespace(nlp):
    """An NER span over a line break ("Myawaddy\\n\\n") is trimmed to its words."""
    from spacy.tokens import Span

    from pipeline.components.entities import _trim_space

    doc = nlp.make_doc("Pasukan tiba di Myawaddy\n\nBANGKOK")
    k = next(t.i for t in doc if t.text == "Myawaddy")
    assert doc[k + 1].is_space
    trimmed = _trim_space(Span(doc, k, k + 2, label="LOC"))
    assert (trimmed.start, trimmed.end, trimmed.text) == (k, k + 1, "Myawaddy")
    assert _trim_space(Span(doc, k + 1, k + 2, label="LOC")) is None
