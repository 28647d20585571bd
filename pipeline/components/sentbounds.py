"""Sentence lookups computed once per Doc (spaCy's `Span.sent` scans tokens on every call)."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

KEY = "troopfacts_sent_bounds"


def sent_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of each sentence, cached on the Doc."""
    b = doc.user_data.get(KEY)
    if b is None or (b and b[-1][1] != len(doc)):
        b = [(s.start, s.end) for s in doc.sents]
        doc.user_data[KEY] = b
    return b


def sentences(doc: Doc) -> list[Span]:
    return [doc[s:e] for s, e in sent_bounds(doc)]


def sent_of(span: Span) -> Span:
    """The sentence holding `span.start`."""
    b = sent_bounds(span.doc)
    i = bisect_right([s for s, _ in b], span.start) - 1
    s, e = b[max(i, 0)]
    return span.doc[s:e]
