"""spaCy's Indonesian tokenizer with the project's news rules (lang/id/tokenizer.toml)."""
from __future__ import annotations

import re

from spacy.attrs import ORTH
from spacy.language import Language

from .resources import load_toml


# Characters that look like spaces (no-break, thin, ideographic, zero-width) become a plain space,
# one for one, so every offset into the text as given still holds.
SPACE_LIKE = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\u200b\ufeff"}


class NormalizingTokenizer:
    """spaCy's tokenizer behind a one-for-one character normalisation (offsets unchanged)."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, text: str):
        return self.inner(text.translate(SPACE_LIKE))

    def pipe(self, texts, batch_size: int = 1000):
        for t in texts:
            yield self(t)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def customize_tokenizer(nlp: Language) -> Language:
    """Add abbreviations as special cases and keep dates, ordinals and reduplications whole."""
    data = load_toml("tokenizer")
    for w in data["abbreviations"]["words"]:
        nlp.tokenizer.add_special_case(w, [{ORTH: w}])
    rx = re.compile("|".join(f"(?:{p})" for p in data["token_match"]["patterns"]))
    nlp.tokenizer.token_match = rx.fullmatch
    nlp.tokenizer = NormalizingTokenizer(nlp.tokenizer)
    return nlp
