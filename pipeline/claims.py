"""The same claim across articles: facts grouped by actor, count, reporter, place and time window
(the month of `when_start`), with how many articles and outlets repeat it (pure function)."""
from __future__ import annotations

import hashlib
from collections import defaultdict

from .aliases import key


def _v(x):
    """None for missing values, also pandas' NaN / NaT."""
    return None if x is None or x != x else x


def claim_key(f: dict) -> tuple:
    ws = _v(f.get("when_start"))
    window = ws.strftime("%Y-%m") if ws is not None else None
    return (key(_v(f.get("actor")) or ""), int(f["count_low"]), int(f["count_high"]), key(_v(f.get("reporter")) or ""),
            key(_v(f.get("where_name")) or ""), window)


def build_claims(facts: list[dict]) -> list[dict]:
    """One row per claim; facts without a reporter are claims of the outlet itself."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for f in facts:
        f = {k: _v(v) for k, v in f.items()}
        groups[claim_key(f)].append(f)
    rows = []
    for k, fs in groups.items():
        arts = sorted({str(f["article_id"]) for f in fs})
        outlets = sorted({f.get("outlet") for f in fs if f.get("outlet")})
        starts = [f["when_start"] for f in fs if f.get("when_start") is not None]
        ends = [f["when_end"] for f in fs if f.get("when_end") is not None]
        pubs = [f["published"] for f in fs if f.get("published") is not None]
        first = fs[0]
        rows.append({
            "claim_id": hashlib.sha1(repr(k).encode()).hexdigest()[:16],
            "actor": first.get("actor"), "count_low": int(first["count_low"]), "count_high": int(first["count_high"]),
            "approx": first.get("approx"), "reporter": first.get("reporter"), "where_name": first.get("where_name"),
            "when_window": k[5], "when_start": min(starts) if starts else None, "when_end": max(ends) if ends else None,
            "n_facts": len(fs), "n_articles": len(arts), "n_outlets": len(outlets),
            "article_ids": arts, "outlets": outlets, "fact_ids": sorted(f["fact_id"] for f in fs if f.get("fact_id")),
            "first_published": min(pubs) if pubs else None, "last_published": max(pubs) if pubs else None,
        })
    rows.sort(key=lambda r: (-r["n_articles"], -r["count_high"]))
    return rows
