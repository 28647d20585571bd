"""Loading the language data files under pipeline/lang/id (one cached loader each)."""
from __future__ import annotations

import json
import re
import tomllib
from functools import lru_cache
from typing import Any

from .paths import LANG_DIR


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict[str, Any]:
    """Parse `pipeline/lang/id/<name>.toml`."""
    with open(LANG_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=None)
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Parse `pipeline/lang/id/<name>.jsonl` (one JSON object a line)."""
    with open(LANG_DIR / f"{name}.jsonl", encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


def words_alternation(words, *, escape: bool = True) -> str:
    """A regex alternation of `words`, longest first, spaces matching any run of spaces."""
    items = sorted({w for w in words if w}, key=len, reverse=True)
    parts = [(re.escape(w) if escape else w).replace(r"\ ", r"\s+") for w in items]
    return "(?:" + "|".join(parts) + ")"
