"""Indonesian news fact extraction: who reported how many troops, when and where.

    import pipeline
    nlp = pipeline.load()          # a spaCy Language with the full pipeline
    doc = nlp(text)                # doc.ents, doc.spans["troop_counts"], doc._.facts
"""
from __future__ import annotations

__version__ = "0.1.0"

from .api import explain, extract  # noqa: E402
from .load import load  # noqa: E402

__all__ = ["load", "extract", "explain", "__version__"]
