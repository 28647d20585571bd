"""Canonical names: alias tables from lang/id/entities.toml and lang/id/places.jsonl (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .resources import load_jsonl, load_toml


@dataclass(frozen=True)
class Entry:
    canonical: str
    label: str
    country: str | None
    metonym: bool = False


@dataclass(frozen=True)
class Place:
    name: str
    label: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None


def key(text: str) -> str:
    """Lookup key: lower case, no punctuation but hyphens, single spaces."""
    t = re.sub(r"[^\w\s-]", " ", text.lower())
    return " ".join(t.split())


@lru_cache(maxsize=1)
def entity_index() -> dict[str, Entry]:
    idx: dict[str, Entry] = {}
    for e in load_toml("entities")["entity"]:
        for a in e["aliases"]:
            idx.setdefault(key(a), Entry(e["canonical"], e["label"], e.get("country")))
        for a in e.get("metonyms", []):
            idx.setdefault(key(a), Entry(e["canonical"], e["label"], e.get("country"), metonym=True))
    return idx


@lru_cache(maxsize=1)
def place_index() -> dict[str, Place]:
    idx: dict[str, Place] = {}
    for p in load_jsonl("places"):
        place = Place(p["name"], p["label"], p["kind"], p.get("country"), p.get("lat"), p.get("lon"))
        for a in p["aliases"]:
            idx.setdefault(key(a), place)
    return idx


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO alpha-2 -> canonical Indonesian country name."""
    out = {}
    for p in load_jsonl("places"):
        if p["kind"] == "country":
            out[p["country"]] = p["name"]
    for e in load_toml("entities")["entity"]:
        if e["label"] == "GPE" and e.get("country"):
            out[e["country"]] = e["canonical"]
    return out


def lookup_entity(text: str) -> Entry | None:
    """The organisation, state or person an alias names (metonyms included: Pyongyang)."""
    k = key(text)
    e = entity_index().get(k)
    if e:
        return e
    p = place_index().get(k)
    if p and p.kind == "country":
        return Entry(p.name, "GPE", p.country)
    return None


def lookup_place(text: str) -> Place | None:
    """The place an alias names; "wilayah Kursk" and "Kota Bandung" reduce to their head."""
    k = key(text)
    idx = place_index()
    if k in idx:
        return idx[k]
    k2 = re.sub(r"^(wilayah|daerah|kawasan|kota|provinsi|kabupaten|negara|region|oblast|distrik|pulau|kepulauan)\s+", "", k)
    return idx.get(k2)


def actor_for(text: str) -> str | None:
    """The state whose personnel these are: "Korut" -> Korea Utara, "TNI" -> Indonesia."""
    e = lookup_entity(text)
    if e is None:
        p = lookup_place(text)
        return p.name if p and p.kind == "country" else None
    if e.label == "GPE":
        return e.canonical
    if e.country:
        return country_names().get(e.country)
    return None
