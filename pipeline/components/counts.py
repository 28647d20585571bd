"""Component `id_troop_counts`: counts of military or security personnel (doc.spans["troop_counts"]).

A count is a number (digits, words, a range, a vague quantity, with its qualifier) whose noun
is a personnel noun from lang/id/personnel.toml: "sekitar 1.500 pasukan", "tiga jenderal",
"500 anggota TNI", or the noun before it: "pasukan, yang diperkirakan berjumlah ribuan".
Regexes run once over the text; numbers that name units (Yonif 512), years, money and other
nouns never match because the personnel noun must follow.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import lexicon, parse_count, patterns
from ..resources import load_toml, words_alternation


@lru_cache(maxsize=1)
def _regexes():
    p = patterns()
    pers = load_toml("personnel")
    noun = words_alternation(pers["nouns"]["single"])
    anggota = words_alternation(pers["anggota"]["head"]) + r"\s+" + words_alternation(pers["anggota"]["bodies"])
    unit = rf"(?:{anggota}|{noun})(?:nya)?"
    between = words_alternation(pers["between"]["words"])
    not_before = words_alternation(lexicon()["not_count_before"]["words"])
    B = r"(?<![\w.,/-])"
    after_noun = re.compile(
        rf"{B}(?P<count>{p['count']})\s+(?:{between}\s+)?(?P<unit>{unit})\b", re.IGNORECASE)
    cues = words_alternation(pers["noun_before"]["cues"])
    before_noun = re.compile(
        rf"(?P<unit>\b{unit})\b(?P<gap>[^.!?\n]{{0,80}}?)\b(?:{cues})\s+(?P<count>{p['count']})(?=\s*(?:orang|personel|jiwa)?\s*[,.;:)!?\n]|\s+(?:orang|yang|dan|di|ke|untuk|itu|tersebut)\b)",
        re.IGNORECASE)
    not_before_rx = re.compile(rf"(?:{not_before})[\s-]*$", re.IGNORECASE)
    count_rx = re.compile(p["count"], re.IGNORECASE)
    return after_noun, before_noun, not_before_rx, count_rx


@Language.factory("id_troop_counts", assigns=["doc.spans", "span._.count"], requires=["doc._.boiler_tokens"])
def make_counts(nlp: Language, name: str):
    return TroopCounts()


def _boiler(s: int, e: int, marks) -> bool:
    return any(ms <= s < me for ms, me, _ in marks or [])


def find_counts(text: str, marks=None) -> list[dict]:
    """Personnel counts in `text` as dicts (pure function; the component wraps it)."""
    after_noun, before_noun, not_before_rx, count_rx = _regexes()
    found: list[dict] = []
    for m in after_noun.finditer(text):
        cm = count_rx.fullmatch(m.group("count"))
        s, e = m.span("count")
        if _boiler(s, e, marks) or not_before_rx.search(text[max(0, s - 12):s]):
            continue
        v = parse_count(cm) if cm else None
        if v is None:
            continue
        found.append(_row(text, s, e, v, m.span("unit"), "count_noun_after"))
    taken = [(f["start_char"], f["end_char"]) for f in found]
    for m in before_noun.finditer(text):
        s, e = m.span("count")
        if _boiler(s, e, marks) or any(a < e and s < b for a, b in taken):
            continue
        cm = count_rx.fullmatch(m.group("count"))
        v = parse_count(cm) if cm else None
        if v is None:
            continue
        found.append(_row(text, s, e, v, m.span("unit"), "count_noun_before"))
    return sorted(found, key=lambda f: f["start_char"])


def _row(text, s, e, v, unit_span, rule):
    us, ue = unit_span
    unit = text[us:ue]
    return {"start_char": s, "end_char": e, "count_text": text[s:e], "low": v.low, "high": v.high,
            "approx": v.approx, "unit": unit, "unit_start": us, "unit_end": ue, "rule": f"{rule}+{v.rule}"}


class TroopCounts:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for f in find_counts(doc.text, doc._.boilerplate):
            span = doc.char_span(f["start_char"], f["end_char"], alignment_mode="expand")
            if span is None:
                continue
            span._.count = f
            spans.append(span)
        doc.spans["troop_counts"] = spans
        return doc
