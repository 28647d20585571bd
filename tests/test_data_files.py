"""The language data under pipeline/lang/id is well formed (and places.jsonl up to date)."""
import json
import re
import tomllib
from pathlib import Path

import pytest

from pipeline.paths import LANG_DIR

TOML = sorted(LANG_DIR.glob("*.toml"))


@pytest.mark.parametrize("path", TOML, ids=lambda p: p.name)
def test_toml_parses_and_regexes_compile(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data

    def walk(x, where):
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("pattern", "patterns", "credit_suffix"):
                    for p in ([v] if isinstance(v, str) else v):
                        re.compile(p)
                walk(v, f"{where}.{k}")
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, f"{where}[{i}]")
            strs = [v for v in x if isinstance(v, str)]
            dup = {s for s in strs if strs.count(s) > 1}
            assert not dup, f"duplicates in {where}: {dup}"

    walk(data, path.name)


def test_entities_have_canonical_label_aliases():
    data = tomllib.loads((LANG_DIR / "entities.toml").read_text(encoding="utf-8"))
    for e in data["entity"]:
        assert e["label"] in {"PER", "ORG", "GPE", "LOC", "NORP"}
        assert e["canonical"] in e["aliases"] or e["label"] == "PER"


def test_places_jsonl_is_well_formed():
    seen = set()
    for line in (LANG_DIR / "places.jsonl").read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        assert {"name", "label", "kind", "country", "lat", "lon", "aliases"} <= set(p)
        assert p["aliases"]
        for a in p["aliases"]:
            assert a not in seen, f"alias {a!r} owned twice"
            seen.add(a)


def test_places_jsonl_is_up_to_date():
    from pipeline.gazetteer import build_places, render

    assert (LANG_DIR / "places.jsonl").read_text(encoding="utf-8") == render(build_places()), \
        "run: python -m pipeline.gazetteer"


def test_number_words_parse():
    from pipeline.numbers import parse_words

    assert parse_words("tiga ratus lima puluh") == 350
    assert parse_words("seratus dua puluh ribu") == 120000
    assert parse_words("bukan angka") is None
