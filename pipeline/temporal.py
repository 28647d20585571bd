"""Indonesian time expressions: find them in text and resolve them against the publication date.

Recognition is regex over the text, built from lang/id/temporal.toml. Expressions are first
recognised as underspecified values (a weekday, a month without a year, "pekan lalu") and then
anchored to the publication date, following ../shared/CONTRACT.md. Explicit calendar dates go
through dateparser (languages=["id"], cached, only on the short matched span).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .numbers import parse_words
from .resources import load_toml, words_alternation


@dataclass(frozen=True)
class TimeValue:
    start: dt.date | None
    end: dt.date | None
    granularity: str  # day | days | week | part_of_month | month | part_of_year | year | since | unresolved
    rule: str


@lru_cache(maxsize=1)
def _lex():
    return load_toml("temporal")


@lru_cache(maxsize=1)
def compiled() -> list[tuple[str, re.Pattern]]:
    """(rule, regex) pairs, most specific first."""
    d = _lex()
    full_months = [m for m in d["months"] if len(m) > 3 or m in ("mei", "juni", "juli")]
    mon = words_alternation(d["months"])
    fmon = words_alternation(full_months)
    day = words_alternation(d["weekdays"])
    part = words_alternation(d["month_parts"])
    ypart = words_alternation(d["year_parts"])
    dpart = words_alternation(d["day_parts"]["words"])
    year = r"(?:19|20)\d{2}"
    rel_unit = words_alternation(d["relative_units"])
    rel_off = words_alternation(d["relative_offsets"])
    rel_day = words_alternation(d["relative_days"])
    sp = d["spans"]
    span_dir = words_alternation(sp["back"] + sp["window"] + sp["ahead"])
    span_unit = words_alternation(sp["units"])
    numw = r"(?:\d+|(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|beberapa)(?:\s+(?:belas|puluh))?)"
    named = words_alternation(list(d["named_days"]) + list(d["movable_days"]))
    B = r"(?<![\w/])"
    E = r"(?![\w/])"
    rules = [
        ("date_day_range", rf"{B}(?P<d1>\d{{1,2}})\s*(?:-|–|hingga|sampai)\s*(?P<d2>\d{{1,2}})\s+(?P<mon>{mon})\.?(?:\s+(?P<y>{year}))?{E}"),
        ("date_full", rf"{B}(?:(?P<wd>{day}),?\s*)?\(?(?P<d>\d{{1,2}})\s+(?P<mon>{mon})\.?\s+(?P<y>{year})\)?(?:\s+\d{{1,2}}[:.]\d{{2}}(?:\s*(?:WIB|WITA|WIT))?)?{E}"),
        ("date_numeric", rf"{B}(?:(?P<wd>{day}),?\s*)?\(\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?\s*\){E}"),
        ("date_numeric", rf"{B}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{2,4}}){E}"),
        ("date_day_month", rf"{B}(?:(?P<wd>{day}),?\s*)?(?P<d>\d{{1,2}})\s+(?P<mon>{fmon}){E}(?!\s+(?:19|20)\d\d)"),
        ("part_month_range", rf"{B}(?P<p1>{part})\s+(?:hingga|sampai|-|dan)\s+(?P<p2>{part})\s+(?:bulan\s+)?(?P<mon>{fmon})(?:\s+(?P<y>{year}))?{E}"),
        ("part_month", rf"{B}(?P<p1>{part})\s+(?:bulan\s+)?(?P<mon>{fmon})(?:\s+(?P<y>{year}|tahun\s+lalu|tahun\s+ini|lalu))?{E}"),
        ("part_year", rf"{B}(?P<p1>{ypart})\s+tahun\s+(?P<y>{year}|ini|lalu|depan){E}"),
        ("month_year", rf"{B}(?:bulan\s+)?(?P<mon>{fmon})\s+(?P<y>{year}){E}"),
        ("month_relative", rf"{B}(?:bulan\s+)?(?P<mon>{fmon})\s+(?P<rel>tahun\s+lalu|tahun\s+ini|tahun\s+depan|lalu|kemarin|ini|mendatang|depan){E}"),
        ("month_named", rf"{B}(?:(?:pada|sejak|hingga|sampai|selama|akhir|awal)\s+)?bulan\s+(?P<mon>{fmon}){E}"),
        ("month_named", rf"{B}(?:pada|sejak|hingga|sampai|selama|per)\s+(?P<mon>{fmon}){E}"),
        ("span_back", rf"{B}(?P<n>{numw})\s+(?P<unit>{span_unit})\s+(?P<dir>{span_dir}){E}"),
        ("relative_unit", rf"{B}(?P<unit>{rel_unit})\s+(?P<off>{rel_off}){E}"),
        ("relative_day", rf"{B}(?P<rd>{rel_day}){E}"),
        ("named_day", rf"{B}(?P<named>{named})(?:\s+(?P<y>{year}))?{E}"),
        ("weekday", rf"{B}(?:(?:pada\s+)?hari\s+)?(?P<wd>{day})(?:\s+(?P<dp>{dpart}))?(?:\s+(?P<off>lalu|kemarin|depan|ini))?{E}"),
        ("year", rf"{B}(?:(?:pada|sejak|hingga|sampai|selama|sepanjang)\s+)?tahun\s+(?P<y>{year}){E}"),
        ("year", rf"{B}(?:pada|sejak|sepanjang)\s+(?P<y>{year}){E}"),
    ]
    return [(name, re.compile(rx, re.IGNORECASE)) for name, rx in rules]


SINCE = re.compile(r"(?:sejak|semenjak)\s+(?:(?:bulan|tahun|awal|akhir)\s+)?$", re.IGNORECASE)


def find_times(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, re.Match]]:
    """Non-overlapping time expressions in text[start:end]: (start, end, rule, match); longest wins."""
    end = len(text) if end is None else end
    found = []
    for name, rx in compiled():
        for m in rx.finditer(text, start, end):
            if name == "weekday" and m.group("wd") == "minggu":
                continue  # lower-case "minggu" is a week, not Sunday
            s = m.start()
            if name in ("month_named", "year"):  # the cue word ("pada", "sejak") is context, not the span
                s = m.start("mon") if "mon" in m.groupdict() else m.start("y")
            found.append((s, m.end(), name, m))
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    out: list = []
    for f in found:
        if all(f[1] <= o[0] or f[0] >= o[1] for o in out):
            out.append(f)
    return sorted(out, key=lambda x: x[0])


def _month_last(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _year_for_month(month: int, anchor: dt.date | None) -> int | None:
    if anchor is None:
        return None
    return anchor.year if month <= anchor.month else anchor.year - 1


def _year(text: str | None, anchor: dt.date | None) -> int | None:
    if not text:
        return None
    t = " ".join(text.lower().split())
    if t.isdigit():
        y = int(t)
        return y + 2000 if y < 100 else y
    if anchor is None:
        return None
    return anchor.year + {"tahun lalu": -1, "lalu": -1, "kemarin": -1, "tahun ini": 0, "ini": 0, "tahun depan": 1,
                          "depan": 1, "mendatang": 1}.get(t, 0)


@lru_cache(maxsize=4096)
def parse_explicit(text: str) -> dt.date | None:
    """A calendar date written out ("28 Oktober 2024", "3/5/19"), parsed by dateparser."""
    import dateparser

    v = dateparser.parse(text, languages=["id"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
                                                            "REQUIRE_PARTS": ["day", "month", "year"]})
    return v.date() if v else None


def resolve(rule: str, m: re.Match, anchor: dt.date | None, since: bool = False) -> TimeValue:
    """Anchor one recognised expression to the publication date `anchor` (None: absolute only)."""
    v = _resolve(rule, m, anchor)
    if since and v.start is not None and anchor is not None:
        return TimeValue(v.start, anchor, "since", "since_" + v.rule)
    return v


def _resolve(rule: str, m: re.Match, anchor: dt.date | None) -> TimeValue:
    d = _lex()
    months, weekdays = d["months"], d["weekdays"]
    g = m.groupdict()
    none = TimeValue(None, None, "unresolved", rule)
    try:
        if rule == "date_full":
            text = f"{g['d']} {g['mon']} {g['y']}"
            day = parse_explicit(text)
            if day is None:
                day = dt.date(int(g["y"]), months[g["mon"].lower()], int(g["d"]))
            return TimeValue(day, day, "day", rule + "+dateparser")
        if rule == "date_numeric":
            y = _year(g.get("y"), anchor) if g.get("y") else (anchor.year if anchor else None)
            if y is None:
                return none
            day = parse_explicit(f"{int(g['d'])}/{int(g['m'])}/{y}") or dt.date(y, int(g["m"]), int(g["d"]))
            return TimeValue(day, day, "day", rule + "+dateparser")
        if rule == "date_day_month":
            mon = months[g["mon"].lower()]
            y = _year_for_month(mon, anchor)
            if y is None:
                return none
            day = dt.date(y, mon, int(g["d"]))
            return TimeValue(day, day, "day", rule)
        if rule == "date_day_range":
            mon = months[g["mon"].lower()]
            y = _year(g.get("y"), anchor) if g.get("y") else _year_for_month(mon, anchor)
            if y is None:
                return none
            return TimeValue(dt.date(y, mon, int(g["d1"])), dt.date(y, mon, int(g["d2"])), "days", rule)
        if rule in ("part_month", "part_month_range"):
            mon = months[g["mon"].lower()]
            y = _year(g.get("y"), anchor) if g.get("y") else _year_for_month(mon, anchor)
            if y is None:
                return none
            parts = d["month_parts"]
            p1 = parts[g["p1"].lower()]
            p2 = parts[(g.get("p2") or g["p1"]).lower()]
            last = _month_last(y, mon)
            hi = last if p2[1] == -1 else p2[1]
            return TimeValue(dt.date(y, mon, p1[0]), dt.date(y, mon, hi), "part_of_month", rule)
        if rule == "part_year":
            y = _year(g["y"], anchor)
            if y is None:
                return none
            a, b = d["year_parts"][g["p1"].lower()]
            return TimeValue(dt.date(y, a, 1), dt.date(y, b, _month_last(y, b)), "part_of_year", rule)
        if rule in ("month_year", "month_relative", "month_named"):
            mon = months[g["mon"].lower()]
            if g.get("y"):
                y = _year(g["y"], anchor)
            elif g.get("rel"):
                rel = " ".join(g["rel"].lower().split())
                if rel in ("lalu", "kemarin"):  # "November lalu": the last November before the anchor
                    y = None if anchor is None else (anchor.year if mon < anchor.month else anchor.year - 1)
                elif rel in ("mendatang", "depan"):
                    y = None if anchor is None else (anchor.year if mon > anchor.month else anchor.year + 1)
                else:
                    y = _year(rel, anchor)
            else:
                y = _year_for_month(mon, anchor)
            if y is None:
                return none
            return TimeValue(dt.date(y, mon, 1), dt.date(y, mon, _month_last(y, mon)), "month", rule)
        if rule == "year":
            y = int(g["y"])
            return TimeValue(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", rule)
        if anchor is None:
            return none
        if rule == "relative_day":
            off = d["relative_days"][" ".join(g["rd"].lower().split())]
            day = anchor + dt.timedelta(days=off)
            return TimeValue(day, day, "day", rule)
        if rule == "relative_unit":
            unit = d["relative_units"][g["unit"].lower()]
            off = d["relative_offsets"][" ".join(g["off"].lower().split())]
            return _unit_window(unit, off, anchor, rule)
        if rule == "span_back":
            n = int(g["n"]) if g["n"].isdigit() else (parse_words(g["n"]) if g["n"].lower() != "beberapa" else 3)
            unit = d["spans"]["units"][g["unit"].lower()]
            direction = " ".join(g["dir"].lower().split())
            days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * (n or 1)
            if direction in d["spans"]["back"]:
                day = anchor - dt.timedelta(days=days)
                return TimeValue(day, day, "day" if unit == "day" else unit, rule)
            if direction in d["spans"]["window"]:
                return TimeValue(anchor - dt.timedelta(days=days), anchor, "days", rule)
            return TimeValue(anchor, anchor + dt.timedelta(days=days), "days", rule)
        if rule == "named_day":
            name = " ".join(g["named"].lower().split())
            y = int(g["y"]) if g.get("y") else anchor.year
            if name in d["named_days"]:
                mo, da = d["named_days"][name]
                day = dt.date(y, mo, da)
                if not g.get("y") and day > anchor:
                    day = dt.date(y - 1, mo, da)
            else:
                table = d["movable_days"][name]
                if str(y) not in table:
                    return none
                day = dt.date.fromisoformat(table[str(y)])
                if not g.get("y") and day > anchor and str(y - 1) in table:
                    day = dt.date.fromisoformat(table[str(y - 1)])
            return TimeValue(day, day, "day", rule)
        if rule == "weekday":
            wd = weekdays[g["wd"].lower()]
            off = (g.get("off") or "").lower()
            back = (anchor.weekday() - wd) % 7
            day = anchor - dt.timedelta(days=back)
            if off in ("lalu", "kemarin") and back == 0:
                day -= dt.timedelta(days=7)
            elif off == "depan":
                day = anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
            return TimeValue(day, day, "day", rule)
    except (ValueError, KeyError):
        return none
    return none


def _unit_window(unit: str, off: int, anchor: dt.date, rule: str) -> TimeValue:
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=off)
        return TimeValue(monday, monday + dt.timedelta(days=6), "week", rule)
    if unit == "month":
        y, mo = divmod(anchor.year * 12 + anchor.month - 1 + off, 12)
        mo += 1
        return TimeValue(dt.date(y, mo, 1), dt.date(y, mo, _month_last(y, mo)), "month", rule)
    y = anchor.year + off
    return TimeValue(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", rule)


def publication_date(text: str, head_chars: int = 600) -> tuple[dt.date | None, str | None, tuple[int, int] | None]:
    """A dateline date in the top of the article: a line that is only a date (and time) wins,
    else the first full calendar date in the first `head_chars` characters."""
    head = text[:head_chars]
    best = None
    for s, e, rule, m in find_times(head):
        if rule not in ("date_full", "date_numeric") or not m.groupdict().get("y"):
            continue
        v = _resolve(rule, m, None)
        if v.start is None:
            continue
        ls = head.rfind("\n", 0, s) + 1
        le = head.find("\n", e)
        le = len(head) if le < 0 else le
        alone = not re.search(r"[A-Za-z]{4,}", head[ls:s] + head[e:le].replace("WIB", ""))
        cand = (0 if alone else 1, s, v.start, "dateline_line" if alone else "dateline_first_date", (s, e))
        if best is None or cand[:2] < best[:2]:
            best = cand
    if best is None:
        return None, None, None
    return best[2], best[3], best[4]
