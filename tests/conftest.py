import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


def golden(name: str) -> list[dict]:
    """Golden cases stored as data: tests/data/<name>.jsonl."""
    with open(DATA / f"{name}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def case_id(case: dict) -> str:
    return case["text"][:50]


@pytest.fixture(scope="session")
def nlp():
    import pipeline

    return pipeline.load()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = SHARED / "data"
    if not d.is_dir():
        pytest.skip("../shared/data not present (it is beside the repository in development and CI only)")
    return d


@pytest.fixture(scope="session")
def python() -> str:
    return sys.executable
