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
    """(rule, regex) pairs; find_times keeps the longest match, earlier rules winning ties."""
    d = _lex()
    full_months = [m for m in d["months"] if len(m) > 3 or m in ("mei", "juni", "juli")]
    mon = words_alternation(d["months"])
    fmon = words_alternation(full_months)
    day = words_alternation(d["weekdays"])
    part = words_alternation(d["month_parts"])
    ypart = words_alternation(d["year_parts"])
    wpart = words_alternation(d["week_parts"])
    word = words_alternation(d["week_ordinals"])
    dpart = words_alternation(d["day_parts"]["words"])
    year = r"(?:19|20)\d{2}"
    rel_unit = words_alternation(d["relative_units"])
    rel_off = words_alternation(d["relative_offsets"])
    rel_day = words_alternation(d["relative_days"])
    sp = d["spans"]
    span_dir = words_alternation(sp["back"] + sp["window"] + sp["ahead"])
    span_unit = words_alternation(sp["units"])
    span_one = words_alternation(sp["one"])
    numw = words_alternation([w for w in _number_words()] + list(sp["vague"]))
    numw = rf"(?:\d+|{numw}(?:\s+(?:belas|puluh))?)"
    named = words_alternation(list(d["named_days"]) + list(d["named_aliases"]))
    rng = r"\s*(?:-|–|—|hingga|sampai(?:\s+dengan)?|s\.d\.?|s/d)\s*"
    mrel = r"tahun\s+lalu|tahun\s+ini|tahun\s+depan|lalu|kemarin|ini|mendatang|depan"
    wd = rf"(?:(?P<wd>{day})(?:\s*[-–]\s*{day})?,?\s*)?"
    clock = r"(?:\s*[|,]?\s*(?:pukul\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:WIB|WITA|WIT))?)?"
    B = r"(?<![\w/])"
    E = r"(?![\w/])"
    rules = [
        ("date_cross_range", rf"{B}(?P<d1>\d{{1,2}})\s+(?P<mon1>{mon})\.?(?:\s+(?P<y1>{year}))?{rng}(?P<d2>\d{{1,2}})\s+(?P<mon>{mon})\.?(?:\s+(?P<y>{year}))?{E}"),
        ("date_day_range", rf"{B}(?:antara\s+)?(?P<d1>\d{{1,2}})(?:{rng}|\s+dan\s+)(?P<d2>\d{{1,2}})\s+(?P<mon>{mon})\.?(?:\s+(?P<y>{year}))?{E}"),
        ("date_numeric_range", rf"{B}{wd}\(?\s*(?P<d1>\d{{1,2}})\s*[-–]\s*(?P<d2>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?\s*\)?{E}"),
        ("date_full", rf"{B}{wd}\(?(?P<d>\d{{1,2}})\s+(?P<mon>{mon})\.?\s+(?P<y>{year})\)?{clock}{E}"),
        ("date_numeric", rf"{B}{wd}\(\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?\s*\){E}"),
        ("date_numeric", rf"{B}{wd}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{2,4}}){clock}{E}"),
        ("date_iso", rf"{B}(?P<y>{year})-(?P<m>\d{{2}})-(?P<d>\d{{2}}){E}"),
        ("date_day_month", rf"{B}{wd}\(?(?P<d>\d{{1,2}})\s+(?P<mon>{fmon})\)?(?:\s+(?P<rel>lalu|kemarin|mendatang|depan|ini))?{E}(?!\s+(?:19|20)\d\d)"),
        ("part_month_range", rf"{B}(?P<p1>{part})\s+(?:(?:bulan\s+)?(?P<mon1>{fmon})\s+)?(?:hingga|sampai|-|dan)\s+(?P<p2>{part})\s+(?:bulan\s+)?(?P<mon>{fmon})(?:\s+(?P<y>{year}))?{E}"),
        ("part_month", rf"{B}(?P<p1>{part})\s+(?:bulan\s+)?(?P<mon>{fmon})(?:\s+(?P<y>{year}|tahun\s+lalu|tahun\s+ini|tahun\s+depan|lalu|mendatang|depan))?{E}"),
        ("part_month_relative", rf"{B}(?P<p1>{part})\s+bulan(?:\s+(?P<off>{rel_off}))?{E}"),
        ("part_year", rf"{B}(?P<p1>{ypart})\s+(?:tahun(?:\s+(?P<y>{year}|ini|lalu|depan|mendatang))?|(?P<y2>{year})){E}"),
        ("part_week", rf"{B}(?P<p1>{wpart})\s+(?:pekan|minggu)(?:\s+(?P<off>{rel_off}))?{E}"),
        ("week_of_month", rf"{B}(?:pekan|minggu)\s+(?P<n>{word})\s+(?:bulan\s+)?(?P<mon>{fmon})(?:\s+(?P<y>{year}))?{E}"),
        ("month_range", rf"{B}(?:bulan\s+)?(?P<mon1>{fmon}){rng}(?:bulan\s+)?(?P<mon>{fmon})(?:\s+(?P<y>{year}))?{E}"),
        ("year_range", rf"{B}(?:(?:periode|tahun|pada|sejak|antara|selama|sepanjang)\s+)?(?P<y1>{year})(?:{rng}|\s+dan\s+)(?P<y>{year}){E}"),
        ("month_year", rf"{B}(?:bulan\s+)?(?P<mon>{mon})\.?\s+(?P<y>{year}){E}"),
        ("month_relative", rf"{B}(?:bulan\s+)?(?P<mon>{fmon})\s+(?P<rel>{mrel}){E}"),
        ("month_named", rf"{B}(?:(?:pada|sejak|hingga|sampai|selama|akhir|awal)\s+)?bulan\s+(?P<mon>{fmon}){E}"),
        ("month_named", rf"{B}(?:pada|sejak|hingga|sampai|selama|per|mulai|jelang|menjelang)\s+(?P<mon>{fmon}){E}"),
        ("span_back", rf"{B}(?:(?P<n>{numw})\s+(?P<unit>{span_unit})|(?P<one>{span_one}))\s+(?P<dir>{span_dir}){E}"),
        ("relative_unit", rf"{B}(?P<unit>{rel_unit})\s+(?P<off>{rel_off}){E}"),
        ("relative_day", rf"{B}(?P<rd>{rel_day}){E}"),
        ("named_day", rf"{B}(?P<named>{named})(?:\s+(?P<y>{year}))?{E}"),
        ("weekday", rf"{B}(?:(?:pada\s+)?hari\s+)?(?P<wd>{day})(?:\s+(?P<dp>{dpart}))?(?:\s+(?P<off>lalu|kemarin|depan|ini))?{E}"),
        ("year", rf"{B}(?:(?:pada|sejak|hingga|sampai|selama|sepanjang)\s+)?tahun\s+(?P<y>{year}){E}"),
        ("year", rf"{B}(?:pada|sejak|sepanjang|hingga|sampai|selama|medio)\s+(?P<y>{year}){E}"),
    ]
    return [(name, re.compile(rx, re.IGNORECASE)) for name, rx in rules]


@lru_cache(maxsize=1)
def _number_words() -> tuple[str, ...]:
    from .numbers import lexicon

    return tuple(w for w, v in lexicon()["units"].items() if 0 < v < 100)


SINCE = re.compile(r"(?:sejak|semenjak)\s+(?:(?:bulan|tahun|awal|akhir)\s+)?$", re.IGNORECASE)
_CUE_RULES = ("month_named", "year", "year_range")


class RangeMatch:
    """Two time expressions joined into one range ("Selasa (29/10) hingga Kamis (31/10)")."""

    def __init__(self, first, second):
        self.first, self.second = first, second  # (rule, match) each

    def groupdict(self):
        return {}


@lru_cache(maxsize=1)
def _range_joiner() -> re.Pattern:
    return re.compile(rf"\s*{words_alternation(_lex()['ranges']['connectors'])}\s*", re.IGNORECASE)


_JOINABLE = {"date_full", "date_numeric", "date_day_month", "date_iso"}


@lru_cache(maxsize=1)
def _trigger() -> re.Pattern:
    """Every time expression holds one of these (a month or weekday name, a time word, a numeric
    date or a year): the rules only run in windows around them."""
    d = _lex()
    words = (list(d["months"]) + list(d["weekdays"]) + list(d["relative_days"]) + list(d["relative_units"])
             + list(d["spans"]["units"]) + list(d["spans"]["one"]) + list(d["named_days"]) + list(d["named_aliases"]))
    return re.compile(rf"\d{{1,2}}/\d|(?<!\d)(?:19|20)\d\d(?!\d)|\b{words_alternation(words)}\b", re.IGNORECASE)


_WINDOW = (70, 90)  # characters before / after a trigger that a time expression may reach
_SPACE = re.compile(r"\s")


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for t in _trigger().finditer(text, start, end):
        a = max(start, t.start() - _WINDOW[0])
        sp = _SPACE.search(text, min(end, t.end() + _WINDOW[1]), end)
        b = sp.start() if sp else end  # end a window at a space: a match may not be cut in a word
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def find_times(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, re.Match]]:
    """Non-overlapping time expressions in text[start:end]: (start, end, rule, match); longest wins."""
    end = len(text) if end is None else end
    found = []
    windows = _windows(text, start, end)
    for order, (name, rx) in enumerate(compiled()):
        for m in (m for ws, we in windows for m in rx.finditer(text, ws, we)):
            if name == "weekday" and m.group("wd") == "minggu":
                continue  # lower-case "minggu" is a week, not Sunday
            s = m.start()
            if name in _CUE_RULES:  # the cue word ("pada", "sejak") is context, not the span
                g = m.groupdict()
                s = m.start("mon") if g.get("mon") else m.start("y1") if g.get("y1") else m.start("y")
            found.append((s, m.end(), name, m, order))
    found.sort(key=lambda x: (-(x[1] - x[0]), x[4], x[0]))
    out: list = []
    for f in found:
        if all(f[1] <= o[0] or f[0] >= o[1] for o in out):
            out.append(f[:4])
    out.sort(key=lambda x: x[0])
    joined: list = []
    for f in out:
        p = joined[-1] if joined else None
        if (p and p[2] in _JOINABLE and f[2] in _JOINABLE and _range_joiner().fullmatch(text, p[1], f[0])):
            joined[-1] = (p[0], f[1], "date_range", RangeMatch((p[2], p[3]), (f[2], f[3])))
        else:
            joined.append(f)
    return joined


def _month_last(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _horizon() -> int:
    return int(_lex()["resolution"]["future_horizon_days"])


def _year_near(month: int, day: int, anchor: dt.date | None, rel: str = "") -> int | None:
    """The year of a month-day written without one: the latest that is at most the horizon after
    the publication date; "lalu" = the latest on or before it (a month: before its month),
    "mendatang / depan" = the first after it."""
    if anchor is None:
        return None
    rel = " ".join(rel.lower().split())
    for y in (anchor.year + 1, anchor.year, anchor.year - 1, anchor.year - 2):
        try:
            cand = dt.date(y, month, min(day, _month_last(y, month)))
        except ValueError:
            continue
        if rel in ("lalu", "kemarin"):
            if cand <= anchor:
                return y
        elif rel in ("mendatang", "depan"):
            if cand <= anchor:
                return y + 1
        elif cand <= anchor + dt.timedelta(days=_horizon()):
            return y
    return None


def _year_for_month(month: int, anchor: dt.date | None) -> int | None:
    return _year_near(month, 1, anchor)


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


def resolve(rule: str, m, anchor: dt.date | None, since: bool = False) -> TimeValue:
    """Anchor one recognised expression to the publication date `anchor` (None: absolute only)."""
    v = _resolve(rule, m, anchor)
    if since and v.start is not None and anchor is not None:
        return TimeValue(v.start, max(anchor, v.start), "since", "since_" + v.rule)
    return v


def _months_back(anchor: dt.date, n: int) -> tuple[int, int]:
    y, mo = divmod(anchor.year * 12 + anchor.month - 1 - n, 12)
    return y, mo + 1


def _add_units(day: dt.date, unit: str, n: int) -> dt.date:
    """day + n units (calendar months and years; the day clipped to the month's end)."""
    if unit in ("day", "week", "hour"):
        return day + dt.timedelta(days=n * {"day": 1, "week": 7, "hour": 1}[unit])
    months = n * (12 if unit == "year" else 1)
    y, mo = _months_back(day, -months)
    return dt.date(y, mo, min(day.day, _month_last(y, mo)))


def _resolve(rule: str, m, anchor: dt.date | None) -> TimeValue:
    d = _lex()
    months, weekdays = d["months"], d["weekdays"]
    none = TimeValue(None, None, "unresolved", rule)
    if rule == "date_range":
        a = _resolve(m.first[0], m.first[1], anchor)
        b = _resolve(m.second[0], m.second[1], anchor)
        if a.start is None or b.end is None or b.end < a.start:
            return none
        return TimeValue(a.start, b.end, "days", f"date_range({a.rule},{b.rule})")
    g = m.groupdict()
    try:
        if rule == "date_full":
            text = f"{g['d']} {g['mon']} {g['y']}"
            day = parse_explicit(text)
            if day is None:
                day = dt.date(int(g["y"]), months[g["mon"].lower()], int(g["d"]))
            return TimeValue(day, day, "day", rule + "+dateparser")
        if rule == "date_numeric":
            mo, da = int(g["m"]), int(g["d"])
            y = _year(g.get("y"), anchor) if g.get("y") else _year_near(mo, da, anchor)
            if y is None:
                return none
            day = parse_explicit(f"{da}/{mo}/{y}") or dt.date(y, mo, da)
            return TimeValue(day, day, "day", rule + "+dateparser")
        if rule == "date_iso":
            day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
            return TimeValue(day, day, "day", rule)
        if rule == "date_day_month":
            mon = months[g["mon"].lower()]
            y = _year_near(mon, int(g["d"]), anchor, g.get("rel") or "")
            if y is None:
                return none
            day = dt.date(y, mon, int(g["d"]))
            return TimeValue(day, day, "day", rule)
        if rule in ("date_day_range", "date_numeric_range", "date_cross_range"):
            mon = int(g["m"]) if g.get("m") else months[g["mon"].lower()]
            mon1 = months[g["mon1"].lower()] if g.get("mon1") else mon
            y = _year(g.get("y"), anchor) if g.get("y") else _year_near(mon, int(g["d2"]), anchor)
            if y is None:
                return none
            y1 = int(g["y1"]) if g.get("y1") else (y if mon1 <= mon else y - 1)
            a, b = dt.date(y1, mon1, int(g["d1"])), dt.date(y, mon, int(g["d2"]))
            if b < a:
                return none
            return TimeValue(a, b, "days", rule)
        if rule in ("part_month", "part_month_range"):
            mon = months[g["mon"].lower()]
            mon1 = months[g["mon1"].lower()] if g.get("mon1") else mon
            parts = d["month_parts"]
            p1 = parts[g["p1"].lower()]
            p2 = parts[(g.get("p2") or g["p1"]).lower()]
            yt = " ".join((g.get("y") or "").lower().split())
            if yt.isdigit() or yt.startswith("tahun"):
                y = _year(yt, anchor)
            else:  # no year, or "akhir Oktober lalu": the nearest such part
                y = _year_near(mon, p2[0], anchor, yt)
            if y is None:
                return none
            y1 = y if mon1 <= mon else y - 1
            last = _month_last(y, mon)
            hi = last if p2[1] == -1 else p2[1]
            return TimeValue(dt.date(y1, mon1, p1[0]), dt.date(y, mon, hi), "part_of_month", rule)
        if rule == "part_year":
            ytext = g.get("y") or g.get("y2") or "ini"
            y = _year(ytext, anchor)
            if y is None:
                return none
            a, b = d["year_parts"][g["p1"].lower()]
            return TimeValue(dt.date(y, a, 1), dt.date(y, b, _month_last(y, b)), "part_of_year", rule)
        if rule == "week_of_month":
            mon = months[g["mon"].lower()]
            y = _year(g["y"], anchor) if g.get("y") else _year_near(mon, 1, anchor)
            if y is None:
                return none
            n = d["week_ordinals"][g["n"].lower()]
            last = _month_last(y, mon)
            lo, hi = (last - 6, last) if n == -1 else (7 * (n - 1) + 1, min(7 * n, last))
            if lo > last:
                return none
            return TimeValue(dt.date(y, mon, lo), dt.date(y, mon, hi), "week", rule)
        if rule == "month_range":
            mon1, mon = months[g["mon1"].lower()], months[g["mon"].lower()]
            y = _year(g["y"], anchor) if g.get("y") else _year_near(mon1, 1, anchor)
            if y is None:
                return none
            if not g.get("y"):
                y1, y = y, (y if mon >= mon1 else y + 1)
            else:
                y1 = y if mon1 <= mon else y - 1
            return TimeValue(dt.date(y1, mon1, 1), dt.date(y, mon, _month_last(y, mon)), "months", rule)
        if rule == "year_range":
            a, b = int(g["y1"]), int(g["y"])
            if b <= a:
                return none
            return TimeValue(dt.date(a, 1, 1), dt.date(b, 12, 31), "years", rule)
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
        if rule == "named_day":
            return _named(g, anchor, rule)
        if anchor is None:
            return none
        if rule == "part_month_relative":
            off = d["relative_offsets"][" ".join((g.get("off") or "ini").lower().split())]
            y, mo = _months_back(anchor, -off)
            a, b = d["month_parts"][g["p1"].lower()]
            last = _month_last(y, mo)
            return TimeValue(dt.date(y, mo, a), dt.date(y, mo, last if b == -1 else b), "part_of_month", rule)
        if rule == "part_week":
            off = d["relative_offsets"][" ".join((g.get("off") or "ini").lower().split())]
            monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=off)
            a, b = d["week_parts"][g["p1"].lower()]
            return TimeValue(monday + dt.timedelta(days=a), monday + dt.timedelta(days=b), "part_of_week", rule)
        if rule == "relative_day":
            off = d["relative_days"][" ".join(g["rd"].lower().split())]
            day = anchor + dt.timedelta(days=off)
            return TimeValue(day, day, "day", rule)
        if rule == "relative_unit":
            unit = d["relative_units"][g["unit"].lower()]
            off = d["relative_offsets"][" ".join(g["off"].lower().split())]
            return _unit_window(unit, off, anchor, rule)
        if rule == "span_back":
            return _span(g, anchor, rule)
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


def _span(g: dict, anchor: dt.date, rule: str) -> TimeValue:
    """ "tiga hari lalu" (that day), "dua pekan lalu" (that Monday..Sunday), "tiga bulan lalu" (that
    month), "dua tahun terakhir" (the window up to the anchor), "tiga bulan ke depan"."""
    sp = _lex()["spans"]
    if g.get("one"):
        n, unit_word = 1, sp["one"][g["one"].lower()]
    else:
        t = g["n"].lower()
        n = int(t) if t.isdigit() else sp["vague"].get(t) or parse_words(t)
        unit_word = g["unit"].lower()
    unit = sp["units"][unit_word]
    if not n:
        return TimeValue(None, None, "unresolved", rule)
    direction = " ".join(g["dir"].lower().split())
    if unit == "hour":  # "24 jam terakhir": the days those hours touch
        days = -(-n // 24)
        if direction in sp["window"]:
            return TimeValue(anchor - dt.timedelta(days=days), anchor, "days", rule)
        n, unit = days, "day"
    if direction in sp["back"]:
        if unit == "day":
            day = anchor - dt.timedelta(days=n)
            return TimeValue(day, day, "day", rule)
        return _unit_window(unit, -n, anchor, rule)
    if direction in sp["window"]:
        return TimeValue(_add_units(anchor, unit, -n) + dt.timedelta(days=1), anchor, "days", rule)
    return TimeValue(anchor, _add_units(anchor, unit, n) - dt.timedelta(days=1), "days", rule)


def _named(g: dict, anchor: dt.date | None, rule: str) -> TimeValue:
    """A named day (Natal, HUT TNI, malam Natal) or period (Ramadan), nearest to the anchor."""
    d = _lex()
    name = " ".join(g["named"].lower().split())
    name = d["named_aliases"].get(name, name)
    none = TimeValue(None, None, "unresolved", rule)
    years = [int(g["y"])] if g.get("y") else ([anchor.year + 1, anchor.year, anchor.year - 1] if anchor else [])
    limit = anchor + dt.timedelta(days=_horizon()) if anchor and not g.get("y") else None
    for y in years:
        if name in d["named_days"]:
            mo, da = d["named_days"][name]
            a = b = dt.date(y, mo, da)
        elif name in d["movable_days"] and str(y) in d["movable_days"][name]:
            a = b = dt.date.fromisoformat(d["movable_days"][name][str(y)])
        elif name in d.get("movable_spans", {}) and str(y) in d["movable_spans"][name]:
            a, b = (dt.date.fromisoformat(x) for x in d["movable_spans"][name][str(y)])
        else:
            continue
        if limit is None or a <= limit:
            return TimeValue(a, b, "day" if a == b else "days", rule)
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


@lru_cache(maxsize=1)
def _claim_rx() -> tuple[re.Pattern, re.Pattern]:
    """Text just before / after a time that makes it the time of the claim ("kata X, Senin")."""
    rep = load_toml("reporting")
    cl = _lex()["claim"]
    verbs = words_alternation(rep["verbs"]["speech"])
    tags = words_alternation(rep["verbs"]["tags"])
    context = words_alternation(cl["context"] + rep["verbs"]["according"])
    tail = r"\s*,?\s*(?:\(\s*)?(?:(?i:pada|hari)\s+)*$"
    before = re.compile(
        rf"(?:(?i:\b{verbs}(?:nya)?)|(?i:\b{tags}(?:nya)?)(?:\s+[A-Za-z][\w.'/-]*){{0,6}}"
        rf"|(?i:\b{context})(?:\s+[\w/-]+){{0,4}}){tail}")
    after = re.compile(rf"\s*(?:\([^)]{{0,12}}\))?\s*,\s*(?:(?i:telah|juga|sudah)\s+)?(?i:{verbs})\b")
    return before, after


def claim_time(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> bool:
    """Whether the time at text[start:end] says when a claim was made rather than when the event
    happened: right after a speech verb or tag and its speaker ("mengatakan pada Senin", "kata
    Kapendam, Senin (28/10)", "kepada wartawan, Selasa") or right before a speech verb
    ("Kapendam, Senin (28/10), mengatakan"). lo..hi bound the sentence."""
    hi = len(text) if hi is None else hi
    before, after = _claim_rx()
    gap = int(_lex()["claim"]["max_gap_chars"])
    if before.search(text[max(lo, start - gap - 20):start]):
        return True
    return bool(after.match(text[end:min(hi, end + 40)]))


def publication_date(text: str, head_chars: int = 600) -> tuple[dt.date | None, str | None, tuple[int, int] | None]:
    """A dateline date in the top of the article: a line that is only a date (and time) wins,
    else the first full calendar date in the first `head_chars` characters."""
    head = text[:head_chars]
    best = None
    for s, e, rule, m in find_times(head):
        if rule not in ("date_full", "date_numeric", "date_iso") or not m.groupdict().get("y"):
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
