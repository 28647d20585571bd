"""Indonesian counts: recognise and parse "sekitar 1.500", "25.000 hingga 30.000", "puluhan ribu",
"tiga ratus lima puluh", "2,5 juta", "4 (empat)", "1.000 lebih" (pure functions, data in
lang/id/numbers.toml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .resources import load_toml, words_alternation


@dataclass(frozen=True)
class CountValue:
    low: int
    high: int
    approx: str  # exact | about | at_least | at_most | range | vague
    rule: str


@lru_cache(maxsize=1)
def lexicon():
    d = load_toml("numbers")
    return d


DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?"


@lru_cache(maxsize=1)
def patterns() -> dict[str, str]:
    """Regex pieces (strings, to be compiled with re.IGNORECASE) for the count grammar."""
    d = lexicon()
    numword = words_alternation(list(d["units"]) + list(d["multipliers"]))
    wordnum = rf"(?:{numword})(?:\s+(?:{numword}))*"
    scale = words_alternation(d["scales"])
    needs_scale = set(d["vague_needs_scale"]["words"])
    vague_heads = words_alternation([k for k in d["vague"] if " " not in k and k not in needs_scale])
    vague_scaled = words_alternation(needs_scale)
    vmult = words_alternation([k for k in d["multipliers"] if k != "belas"])
    vague = (rf"(?:{vague_heads}(?:\s+{vmult}){{0,2}}|{vague_scaled}(?:\s+{vmult}){{1,2}})")
    frac = rf"{words_alternation(d['fractions'])}\s+{scale}"
    # "1.500", "2,5 juta", "4 (empat)", and the formal "empat (4)"
    dignum = rf"(?:{DIGITS})(?:\s*\(\s*{wordnum}\s*\))?(?:\s+{scale})?"
    wordnum_d = rf"{wordnum}(?:\s*\(\s*(?:{DIGITS})\s*\))?"
    num = rf"(?:{dignum}|{frac}|{vague}|{wordnum_d})"
    conn = words_alternation(d["range"]["connectors"])
    open_ = words_alternation(d["range"]["open"])
    oconn = words_alternation(d["range"]["open_connectors"])
    qual = words_alternation(d["qualifiers_before"])
    after = r"(?:-an\b|\s+lebih\b)"
    count = (
        rf"(?:(?P<qual>{qual})\s+)?"
        rf"(?:(?P<open>{open_})\s+(?P<a1>{num})\s*(?:{oconn})\s*(?P<a2>{num})"
        rf"|(?P<n1>{num})(?:\s*(?:{conn})\s*(?P<n2>{num}))?)"
        rf"(?P<after>{after})?"
    )
    return {"wordnum": wordnum, "num": num, "count": count, "digits": DIGITS}


@lru_cache(maxsize=1)
def year_before_rx() -> re.Pattern:
    """Words before a bare 19xx/20xx that make it a year ("pada 2023", "sejak 2014")."""
    return re.compile(rf"\b{words_alternation(lexicon()['year_before']['words'])}\s+$", re.IGNORECASE)


_YEAR = re.compile(r"(?:19|20)\d\d")


def is_year(num_text: str, before: str) -> bool:
    """A bare four-digit 1900-2099 written after a time word ("pada 2023") is a year, not a count."""
    return bool(_YEAR.fullmatch(num_text.strip())) and bool(year_before_rx().search(before))


_WS = re.compile(r"\s+")


def parse_words(text: str) -> int | None:
    """Value of Indonesian number words: "tiga ratus lima puluh" -> 350, "sepuluh ribu" -> 10000."""
    d = lexicon()
    units, mult = d["units"], d["multipliers"]
    total = group = last = 0
    seen = False
    for w in _WS.split(text.lower().strip()):
        if not w:
            continue
        seen = True
        if w in units:
            v = units[w]
            if v >= 1000:
                total += group + last + v if (group or last) == 0 else (group + last) * v
                group = last = 0
            elif v >= 100 or w in ("sepuluh", "sebelas"):
                group += last + v if last == 0 else last * v
                last = 0
            else:
                if last:
                    return None  # "dua tiga" is no number
                last = v
        elif w == "belas":
            group += last + 10
            last = 0
        elif w in ("puluh", "ratus"):
            group += (last or 1) * mult[w]
            last = 0
        elif w in mult:
            total += (group + last or 1) * mult[w]
            group = last = 0
        else:
            return None
    return total + group + last if seen else None


def parse_number(text: str) -> tuple[float, float, bool] | None:
    """(low, high, vague) of one number as written: digits (+ scale), number words, vague words."""
    d = lexicon()
    t = " ".join(text.lower().split())
    if "(" in t:
        t = re.sub(r"\s*\([^)]*\)", "", t)  # "4 (empat)" -> "4", "empat (4)" -> "empat"
    if t in d["vague"]:
        lo, hi = d["vague"][t]
        return float(lo), float(hi), True
    m = re.fullmatch(rf"({DIGITS})(?:\s+(\w+))?", t)
    if m:
        v = _digits(m.group(1), scaled=bool(m.group(2)))
        if m.group(2):
            if m.group(2) not in d["scales"]:
                return None
            v *= d["scales"][m.group(2)]
        return v, v, False
    parts = t.rsplit(" ", 1)
    if len(parts) == 2 and parts[0] in d["fractions"] and parts[1] in d["scales"]:
        v = float(d["fractions"][parts[0]]) * d["scales"][parts[1]]
        return v, v, False
    w = parse_words(t)
    return (float(w), float(w), False) if w is not None else None


def _digits(s: str, scaled: bool) -> float:
    """Indonesian digits: '.' groups thousands, ',' is the decimal mark; '12,500' with no scale
    word after it is English-style thousands."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s):
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(,\d{3})+", s) and not scaled:
        return float(s.replace(",", ""))
    if re.fullmatch(r"\d+\.\d{1,2}", s) and scaled:
        return float(s)  # "1.5 juta"
    return float(s.replace(",", ".")) if "," in s else float(s.replace(".", ""))


def parse_count(m: re.Match) -> CountValue | None:
    """Turn a match of `patterns()["count"]` into a value with its approx kind."""
    d = lexicon()
    qual = (m.group("qual") or "").lower()
    qual = " ".join(qual.split())
    first = m.group("a1") or m.group("n1")
    second = m.group("a2") or m.group("n2")
    a = parse_number(first)
    if a is None:
        return None
    rule = "count_digits" if re.match(r"\d", first) else "count_words"
    if second:
        b = parse_number(second)
        if b is None:
            return None
        lo, hi = a[0], b[1]
        # "25 hingga 30 ribu": the scale of the second number also applies to the first
        if not a[2] and not b[2] and lo < hi / 100 and re.search(r"[a-z]\s*$", second.lower()) and not re.search(r"[a-z]$", first.lower()):
            scale = b[0] / float(re.match(r"[\d.,]+", second).group().replace(".", "").replace(",", ".") or 1) if re.match(r"\d", second) else 1
            lo = lo * scale
        if lo >= hi:
            return None
        approx = "range"
        rule += "_range"
    else:
        lo, hi = a[0], a[1]
        approx = "vague" if a[2] else "exact"
        if a[2]:
            rule = "count_vague"
    if approx == "exact":
        if qual:
            approx = d["qualifiers_before"][qual]
        after = (m.group("after") or "").strip().lower()
        if after:
            approx = d["qualifiers_after"][after]
    if lo != int(lo) or hi != int(hi):
        lo, hi = round(lo), round(hi)
    return CountValue(int(lo), int(hi), approx, rule)
