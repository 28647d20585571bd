"""Where the project's data files and trained models live (one place)."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LANG_DIR = PACKAGE_DIR / "lang" / "id"


def models_dir() -> Path:
    """The folder of trained models: $TROOPFACTS_MODELS, else `models/` beside the package."""
    env = os.environ.get("TROOPFACTS_MODELS")
    return Path(env) if env else PACKAGE_DIR.parent / "models"


def shared_dir() -> Path | None:
    """`../shared` of a development checkout ($TROOPFACTS_SHARED overrides); None when absent."""
    env = os.environ.get("TROOPFACTS_SHARED")
    p = Path(env) if env else PACKAGE_DIR.parent.parent / "shared"
    return p if p.is_dir() else None
