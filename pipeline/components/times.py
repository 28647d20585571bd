"""Component `id_times`: time expressions (doc.spans["times"]) resolved against the publication
date (doc._.published, else a dateline in the text)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import temporal
from .sentbounds import doc_text


@Language.factory("id_times", assigns=["doc.spans", "doc._.published", "span._.time"],
                  requires=["doc._.boiler_tokens"], default_config={"only_with_counts": True})
def make_times(nlp: Language, name: str, only_with_counts: bool):
    """only_with_counts: skip docs without a troop count (the facts need no times there)."""
    return TimeExpressions(only_with_counts)


def _in_marks(s: int, e: int, marks) -> bool:
    return any(ms <= s and e <= me for ms, me, _ in marks or [])


class TimeExpressions:
    def __init__(self, only_with_counts: bool = True):
        self.only_with_counts = only_with_counts

    def __call__(self, doc: Doc) -> Doc:
        if self.only_with_counts and not doc.spans.get("troop_counts"):
            doc.spans["times"] = []
            return doc
        text = doc_text(doc)
        if doc._.published is None:
            day, rule, _ = temporal.publication_date(text)
            if day is not None:
                doc._.published, doc._.published_rule = day, rule
        elif doc._.published_rule is None:
            doc._.published_rule = "input"
        anchor = doc._.published
        spans = []
        for s, e, rule, m in temporal.find_times(text):
            if _in_marks(s, e, doc._.boilerplate):
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            since = bool(temporal.SINCE.search(text[max(0, s - 25):s]))
            v = temporal.resolve(rule, m, anchor, since=since)
            span._.time = {"start": v.start, "end": v.end, "granularity": v.granularity, "rule": v.rule,
                           "text": text[s:e], "start_char": s, "end_char": e}
            spans.append(span)
        doc.spans["times"] = spans
        return doc
