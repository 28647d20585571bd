"""A small Python API for notebooks: `extract(text)` -> DataFrame of facts, `explain(text)` -> the
evidence with count, reporter, place and time marked (displaCy spans)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from spacy.tokens import Doc, Span


@lru_cache(maxsize=2)
def _nlp(ner: str | None = "auto"):
    from .load import load

    return load(ner=ner)


def _doc(text: str, published: dt.date | str | None) -> Doc:
    nlp = _nlp()
    doc = nlp.make_doc(text)
    if published is not None:
        doc._.published = dt.date.fromisoformat(published) if isinstance(published, str) else published
        doc._.published_rule = "input"
    return nlp(doc)


def extract(text: str, published: dt.date | str | None = None, article_id: str = "text"):
    """The facts of one text as a pandas DataFrame (the columns of facts.parquet)."""
    import pandas as pd

    from .schema import FACTS

    doc = _doc(text, published)
    rows = [dict(r, article_id=article_id) for r in doc._.facts]
    return pd.DataFrame([{c: r.get(c) for c in FACTS.names} for r in rows], columns=FACTS.names)


VIEW_KEY = "explain"
COLORS = {"COUNT": "#ffb000", "REPORTER": "#7aecec", "PLACE": "#bfe1d9", "TIME": "#c887fb", "ACTOR": "#ddd"}


def evidence_spans(doc: Doc) -> list[Span]:
    """Spans for count, reporter, place and time of every fact (for displaCy's span view)."""
    spans = []
    for f in doc._.facts:
        for label, s, e in (("COUNT", f["char_start"], f["char_end"]),
                            ("REPORTER", f.get("reporter_start"), f.get("reporter_end")),
                            ("PLACE", f.get("where_start"), f.get("where_end")),
                            ("TIME", f.get("when_char_start"), f.get("when_char_end"))):
            if s is None or e is None:
                continue
            sp = doc.char_span(int(s), int(e), label=label, alignment_mode="expand")
            if sp is not None and not any(x.start == sp.start and x.end == sp.end and x.label_ == label for x in spans):
                spans.append(sp)
    return spans


def explain(text: str, published: dt.date | str | None = None, jupyter: bool | None = None) -> str:
    """HTML of the fact sentences with count, reporter, place and time marked; shown inline in a
    notebook, returned as a string."""
    from spacy import displacy

    doc = _doc(text, published)
    doc.spans[VIEW_KEY] = evidence_spans(doc)
    sents = sorted({doc.char_span(f["sentence_start"], f["sentence_end"], alignment_mode="expand").start
                    for f in doc._.facts})
    if not sents:
        html = "<p>(no troop facts found)</p>"
    else:
        parts = []
        for start in sents:
            sent = doc[start].sent
            sub = sent.as_doc()
            sub.spans[VIEW_KEY] = [Span(sub, s.start - sent.start, s.end - sent.start, label=s.label_)
                                   for s in doc.spans[VIEW_KEY] if sent.start <= s.start and s.end <= sent.end]
            parts.append(displacy.render(sub, style="span", options={"spans_key": VIEW_KEY, "colors": COLORS},
                                         jupyter=False))
        html = "\n".join(parts)
    if jupyter is None:
        try:
            from IPython import get_ipython

            jupyter = get_ipython() is not None
        except ImportError:
            jupyter = False
    if jupyter:
        from IPython.display import HTML, display

        display(HTML(html))
    return html
