"""Component `id_sentencizer`: sentence boundaries for Indonesian news text.

Boundaries after . ! ? (and a closing quote) before a capital, digit or quote; at line breaks
unless the line ends in a comma or the next line goes on in lower case; around boilerplate
lines and after a dateline prefix. Abbreviations (tokenizer special cases) never end a sentence.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

TERMINAL = {".", "!", "?", "…", "...", "!?", "?!"}
CLOSERS = {"\"", "”", "’", "'", ")", "»"}


@Language.factory("id_sentencizer", assigns=["token.is_sent_start"], requires=["doc._.boiler_tokens"])
def make_sentencizer(nlp: Language, name: str):
    return Sentencizer()


class Sentencizer:
    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        starts = [False] * n
        starts[0] = True
        prev_content = None  # index of the last non-space token
        boiler = doc._.boiler_tokens or {}
        for i, tok in enumerate(doc):
            text = tok.text
            if tok.is_space:
                if "\n" in text and i + 1 < n:
                    nxt = doc[i + 1]
                    prev = doc[prev_content].text if prev_content is not None else ""
                    lower_next = nxt.text[:1].islower()
                    if not (prev in {",", ";", ":"} or (lower_next and prev not in TERMINAL and "\n\n" not in text)):
                        starts[i + 1] = True
                continue
            if boiler and prev_content is not None:
                b, pb = boiler.get(i), boiler.get(prev_content)
                if (b is None) != (pb is None) or (pb == "dateline_prefix" and b is None):
                    starts[i] = True
            if text in TERMINAL and i + 1 < n:
                j = i + 1
                while j < n and doc[j].text in CLOSERS:
                    j += 1
                while j < n and doc[j].is_space:
                    j += 1
                if j < n:
                    nt = doc[j].text
                    if nt[:1].isupper() or nt[:1].isdigit() or nt[:1] in "\"“‘'(":
                        k = i + 1
                        while k < n and doc[k].text in CLOSERS:
                            k += 1
                        if k < n:
                            starts[k] = True
            prev_content = i
        # one array write: setting token.is_sent_start checks the whole Doc for a parse each time
        arr = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], arr)
        return doc
