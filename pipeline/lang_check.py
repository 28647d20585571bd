"""Is an article Indonesian? lingua (its models ship inside the wheel) on the article's start."""
from __future__ import annotations

from functools import lru_cache

ACCEPT = {"INDONESIAN", "MALAY"}
CANDIDATES = ["INDONESIAN", "MALAY", "ENGLISH", "DUTCH", "GERMAN", "FRENCH", "SPANISH", "PORTUGUESE", "ITALIAN",
              "TAGALOG", "VIETNAMESE", "ARABIC", "CHINESE", "JAPANESE", "KOREAN", "RUSSIAN", "THAI", "TURKISH"]


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, n) for n in CANDIDATES if hasattr(Language, n)]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def language_problem(text: str, sample_chars: int = 1500) -> str | None:
    """None when the text is Indonesian (or Malay), else the reason to reject it."""
    sample = text[:sample_chars]
    if len(sample.split()) < 3:
        return "too short to be an article (fewer than 3 words)"
    lang = _detector().detect_language_of(sample)
    if lang is None:
        return "language could not be detected"
    if lang.name not in ACCEPT:
        return f"not Indonesian (detected {lang.name.title()})"
    return None
