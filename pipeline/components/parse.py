"""Component `id_scoped_parser`: a dependency parse of the sentences that state a troop count.

The project's UD parser (models/id_parser, trained from ../shared/data/ud by
`python -m pipeline models train-parser`) runs on demand, on the sentences where the attribution
layer asks for it, each as a separate small Doc (spaCy's own Doc keeps the rule sentencizer's
sentence boundaries, which a partial parse would overwrite). The result goes to `doc._.deps`:
token index -> (head index, deprel, UPOS), whitespace and boilerplate tokens left out.

With the stanza backend the Doc already carries stanza's parse; `sentence_deps(doc, i)` reads either, so
the attribution and place layers use one interface. When the model is missing the component does
nothing (the rules work without a parse) and says once how to build it.
"""
from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..paths import models_dir
from .sentbounds import sent_bounds

log = logging.getLogger(__name__)

PARSER_MODEL = "id_parser"


@Language.factory("id_scoped_parser", assigns=["doc._.deps"], requires=["doc.spans", "token.is_sent_start"],
                  default_config={"model": "auto"})
def make_scoped_parser(nlp: Language, name: str, model: str | None):
    return ScopedParser(model)


def load_parser(model: str | Path | None = "auto") -> Language | None:
    """The UD parser pipeline, or None (with one warning) when it is not there."""
    if model is None:
        return None
    path = models_dir() / PARSER_MODEL if model == "auto" else Path(model)
    if not (path / "meta.json").exists():
        log.warning("no dependency parser at %s: attribution uses rules only. Build it with: "
                    "python -m pipeline models train-parser --out %s", path, path)
        return None
    nlp = spacy.load(path)
    nlp(Doc(nlp.vocab, words=["Ia", "mengatakan", "500", "prajurit", "tiba", "."]))  # warm up at load time
    return nlp


class ScopedParser:
    """Parses on demand: the component only hands each Doc a way to parse one of its sentences
    (`sentence_deps`); the attribution layer asks for it where its rules are unsure (a subject
    they cannot read, a relative clause, two speech verbs before a count). Measured on the
    benchmark articles: parsing every count sentence with a speech verb cost 13-23% of the
    pipeline's time; on demand it is a few sentences per article at most."""

    def __init__(self, model: str | Path | None = "auto"):
        self.parser = load_parser(model)

    def __call__(self, doc: Doc) -> Doc:
        if self.parser is not None and not doc.has_annotation("DEP"):
            doc.user_data[PARSER_KEY] = self
        return doc

    def parse(self, doc: Doc, start: int, end: int) -> dict[int, tuple[int, str, str]]:
        boiler = doc._.boiler_tokens or {}
        keep = [t.i for t in doc[start:end] if not t.is_space and t.i not in boiler]
        if not keep:
            return {}
        sub = self.parser(Doc(self.parser.vocab, words=[doc[i].text for i in keep]))
        return {keep[t.i]: (keep[t.head.i], t.dep_, t.pos_) for t in sub}


PARSER_KEY = "troopfacts_parser"


def sentence_deps(doc: Doc, i: int) -> dict[int, tuple[int, str, str]]:
    """token index -> (head index, deprel, UPOS) for the sentence holding token i: the Doc's own
    parse (stanza backend), else the project's parser run now on that sentence (cached in
    `doc._.deps`), else {} (no parser: the rules alone)."""
    if doc.has_annotation("DEP"):
        return {t.i: (t.head.i, t.dep_, t.pos_) for t in doc[i].sent if not t.is_space}
    parser = doc.user_data.get(PARSER_KEY)
    if parser is None:
        return {}
    s, e = next((s, e) for s, e in sent_bounds(doc) if s <= i < e)
    if doc._.deps is None:
        doc._.deps = {}
    cached = doc.user_data.setdefault(PARSER_KEY + "_done", set())
    if s not in cached:
        cached.add(s)
        doc._.deps.update(parser.parse(doc, s, e))
    return {k: v for k, v in doc._.deps.items() if s <= k < e}


def ancestors(deps: dict, i: int) -> list[int]:
    """Heads of token i up to the root (cycle-safe)."""
    out, seen = [], {i}
    while i in deps and deps[i][0] != i and deps[i][0] not in seen:
        i = deps[i][0]
        seen.add(i)
        out.append(i)
    return out


def subtree(deps: dict, i: int, skip_rels: frozenset = frozenset()) -> list[int]:
    """Token i and its dependents, leaving out dependents attached by one of `skip_rels`."""
    out, todo = [], [i]
    kids: dict[int, list[int]] = {}
    for j, (h, rel, _) in deps.items():
        if h != j:
            kids.setdefault(h, []).append(j)
    while todo:
        k = todo.pop()
        out.append(k)
        for j in kids.get(k, []):
            if deps[j][1].split(":")[0] not in skip_rels and deps[j][1] not in skip_rels:
                todo.append(j)
    return sorted(out)
