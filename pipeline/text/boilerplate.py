"""Find web boilerplate in a raw article without changing it.

`find_boilerplate(text)` returns character spans (start, end, rule) of lines that carry no
article content (Baca juga, bylines, comment notices, tag lists, copyright, captions printed
twice) and of outlet dateline prefixes ("TEMPO.CO, Jakarta - "). Nothing is deleted: the
offsets stay those of the text as given, and later stages skip what is marked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_toml


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    rule: str


@lru_cache(maxsize=1)
def _rules():
    data = load_toml("boilerplate")
    lines = []
    for r in data["line"]:
        flags = re.MULTILINE | (0 if r.get("case") else re.IGNORECASE)
        lines.append((r["name"], re.compile(r["pattern"], flags)))
    cap = data["caption_duplicate"]
    credit = re.compile(cap["credit_suffix"])
    datelines = [re.compile(p) for p in data["dateline_prefix"]["patterns"]]
    return lines, int(cap["min_chars"]), credit, datelines


def _norm(line: str, credit: re.Pattern) -> str:
    return " ".join(credit.sub("", line).split()).lower()


def find_boilerplate(text: str) -> list[Mark]:
    """Spans of `text` that are boilerplate, each with the rule that found it."""
    line_rules, min_chars, credit, datelines = _rules()
    marks: list[Mark] = []
    prev_norm = None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, body = pos, line.rstrip("\r\n")
        pos += len(line)
        if not body.strip():
            continue
        end = start + len(body)
        rule = next((name for name, rx in line_rules if rx.search(body)), None)
        norm = _norm(body, credit)
        if rule is None and prev_norm is not None and len(norm) >= min_chars and norm == prev_norm:
            rule = "caption_duplicate"
        if rule:
            marks.append(Mark(start, end, rule))
        else:
            for rx in datelines:
                m = rx.match(body)
                if m and m.end() < len(body):
                    marks.append(Mark(start, start + m.end(), "dateline_prefix"))
                    break
        prev_norm = norm
    return marks
