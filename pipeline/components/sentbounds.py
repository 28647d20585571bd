"""Sentence lookups computed once per Doc (spaCy's `Span.sent` scans tokens on every call)."""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

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


def clause_starts(sent: Span) -> list[int]:
    """Token indices where a new clause starts inside `sent` (lang/id/clauses.toml)."""
    words, punct = _clause_breaks()
    toks = [t for t in sent if not t.is_space]
    lows = [t.lower_ for t in toks]
    out = []
    for k, t in enumerate(toks):
        if t.text in punct and k + 1 < len(toks):
            out.append(toks[k + 1].i)
        elif k > 0 and toks[k - 1].text == "," and any(lows[k:k + len(w)] == w for w in words):
            out.append(t.i)
    return out


@lru_cache(maxsize=1)
def _clause_breaks() -> tuple[list[list[str]], frozenset]:
    from ..resources import load_toml

    d = load_toml("clauses")["breaks"]
    return [w.lower().split() for w in d["after_comma"]], frozenset(d["punct"])


def other_count_clause(sent: Span, count: Span, counts, i: int) -> bool:
    """True when token i lies in a clause of `sent` that holds another count but not `count`:
    a cue there belongs to that count."""
    starts = clause_starts(sent)
    if not starts:
        return False
    ci = bisect_right(starts, i)
    if ci == bisect_right(starts, count.start):
        return False
    return any((c.start, c.end) != (count.start, count.end) and sent.start <= c.start < sent.end and bisect_right(starts, c.start) == ci
               for c in counts)


TEXT_KEY = "troopfacts_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text on each access (about 1 ms
    for a 600-token article, five components read it)."""
    t = doc.user_data.get(TEXT_KEY)
    if t is None:
        t = doc.text
        doc.user_data[TEXT_KEY] = t
    return t
