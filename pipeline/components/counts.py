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

from ..numbers import is_year, lexicon, parse_count, patterns
from ..resources import load_toml, words_alternation
from .sentbounds import doc_text


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
    blockers = re.compile(rf"\b{words_alternation(pers['noun_before']['blockers'])}\b", re.IGNORECASE)
    el = pers["elided"]
    lead_words = [w for w in el["lead"] if w[0].isalpha()]
    lead_punct = "".join(re.escape(w) for w in el["lead"] if not w[0].isalpha())
    elided = re.compile(
        rf"(?:(?<![\w-]){words_alternation(lead_words)}\s+|[{lead_punct}]\s*)(?P<count>{p['count']})"
        rf"(?=\s+(?:orang\s+)?{words_alternation(el['follow'])}\b)", re.IGNORECASE)
    each = re.compile(rf"\b{words_alternation(pers['each']['words'])}(?:\s+\w+)?\s+$", re.IGNORECASE)
    # anything that reads as a number: an elided count may not reach back over one
    any_num = re.compile(rf"(?<![\w.,/-])(?:{p['num']})\b", re.IGNORECASE)
    # a count needs a personnel noun: the first words of the nouns, for a cheap test on word sets
    # (the alternations above scan slowly; most sentences in news name no personnel)
    unit_first = frozenset(w.split()[0].lower() for w in [*pers["nouns"]["single"], *pers["anggota"]["head"]])
    return {"after_noun": after_noun, "before_noun": before_noun, "not_before": not_before_rx, "count": count_rx,
            "blockers": blockers, "elided": elided, "each": each, "any_num": any_num, "unit_first": unit_first}


_WORD = re.compile(r"\w+")


def mentions_personnel(text: str, unit_first: frozenset) -> bool:
    """Whether a word of `text` starts a personnel noun (with or without -nya): the counts'
    regexes cannot match where this is False."""
    for w in set(_WORD.findall(text.lower())):
        if w in unit_first or (w.endswith("nya") and w[:-3] in unit_first):
            return True
    return False


_SENT_END = re.compile(r"[.!?](?=\s|$)|\n")


@Language.factory("id_troop_counts", assigns=["doc.spans", "span._.count"], requires=["doc._.boiler_tokens"])
def make_counts(nlp: Language, name: str):
    return TroopCounts()


def _boiler(s: int, e: int, marks) -> bool:
    return any(ms <= s < me for ms, me, _ in marks or [])


def find_counts(text: str, marks=None) -> list[dict]:
    """Personnel counts in `text` as dicts (pure function; the component wraps it)."""
    rx = _regexes()
    if not mentions_personnel(text, rx["unit_first"]):
        return []
    count_rx, not_before_rx = rx["count"], rx["not_before"]
    found: list[dict] = []

    def value(s, e, count_text):
        """The parsed count, or None where the number is a designation, a year or unparseable."""
        if _boiler(s, e, marks) or not_before_rx.search(text[max(0, s - 12):s]):
            return None
        cm = count_rx.fullmatch(count_text)
        if cm is None or is_year(cm.group("n1") or "", text[max(0, s - 16):s]) and not cm.group("qual"):
            return None
        return parse_count(cm)

    for m in rx["after_noun"].finditer(text):
        s, e = m.span("count")
        v = value(s, e, m.group("count"))
        if v is not None:
            found.append(_row(text, s, e, v, m.span("unit"), "count_noun_after"))
    taken = [(f["start_char"], f["end_char"]) for f in found]
    for m in rx["before_noun"].finditer(text):
        s, e = m.span("count")
        if any(a < e and s < b for a, b in taken) or rx["blockers"].search(m.group("gap")):
            continue
        v = value(s, e, m.group("count"))
        if v is not None:
            found.append(_row(text, s, e, v, m.span("unit"), "count_noun_before"))
    if found:
        found.sort(key=lambda f: f["start_char"])
        _elided(text, found, rx, value)
    for f in found:
        if rx["each"].search(text[max(0, f["start_char"] - 30):f["start_char"]]):
            f["rule"] += "+each"
    return sorted(found, key=lambda f: f["start_char"])


def _elided(text, found, rx, value):
    """Counts whose personnel noun is left out ("... 100 pasukan di Nduga dan 60 di Intan Jaya"):
    the unit is the noun of the nearest earlier count in the same sentence, with no other number
    between them."""
    first = found[0]["start_char"]
    for m in rx["elided"].finditer(text, first):
        s, e = m.span("count")
        if any(f["start_char"] < e and s < f["end_char"] for f in found):
            continue
        prev = [f for f in found if f["end_char"] <= s]
        if not prev:
            continue
        ante = max(prev, key=lambda f: f["end_char"])
        g0 = max(ante["unit_end"], ante["end_char"])
        gap = text[g0:m.start()]
        if _SENT_END.search(gap) or any(not rx["not_before"].search(text[max(0, g0 + n.start() - 12):g0 + n.start()])
                                        for n in rx["any_num"].finditer(gap)):
            continue
        v = value(s, e, m.group("count"))
        if v is None:
            continue
        row = _row(text, s, e, v, (ante["unit_start"], ante["unit_end"]), "count_elided_noun")
        found.append(row)
        found.sort(key=lambda f: f["start_char"])


def _row(text, s, e, v, unit_span, rule):
    us, ue = unit_span
    unit = text[us:ue]
    return {"start_char": s, "end_char": e, "count_text": text[s:e], "low": v.low, "high": v.high,
            "approx": v.approx, "unit": unit, "unit_start": us, "unit_end": ue, "rule": f"{rule}+{v.rule}"}


class TroopCounts:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for f in find_counts(doc_text(doc), doc._.boilerplate):
            span = doc.char_span(f["start_char"], f["end_char"], alignment_mode="expand")
            if span is None:
                continue
            span._.count = f
            spans.append(span)
        doc.spans["troop_counts"] = spans
        return doc
