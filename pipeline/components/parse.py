"""Component `id_scoped_parser`: a dependency parse of the sentences that state a troop count.

The project's UD parser (models/id_parser, trained from ../shared/data/ud by
`python -m pipeline models train-parser`) runs on each sentence that holds a troop count, as a
separate small Doc (spaCy's own Doc keeps the rule sentencizer's sentence boundaries, which a
partial parse would overwrite). The result goes to `doc._.deps`: token index -> (head index,
deprel, UPOS), whitespace and boilerplate tokens left out.

With the stanza backend the Doc already carries stanza's parse; `deps_of(doc)` reads either, so
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
    return spacy.load(path)


class ScopedParser:
    def __init__(self, model: str | Path | None = "auto"):
        self.parser = load_parser(model)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs, batch_size: int = 64):
        for doc in docs:
            counts = doc.spans.get("troop_counts", [])
            if self.parser is None or not counts or doc.has_annotation("DEP"):
                yield doc
                continue
            bounds = sent_bounds(doc)
            boiler = doc._.boiler_tokens or {}
            wanted = sorted({next(k for k, (s, e) in enumerate(bounds) if s <= c.start < e) for c in counts})
            idx, subs = [], []
            for k in wanted:
                s, e = bounds[k]
                keep = [t.i for t in doc[s:e] if not t.is_space and t.i not in boiler]
                if not keep:
                    continue
                idx.append(keep)
                subs.append(Doc(self.parser.vocab, words=[doc[i].text for i in keep]))
            deps = {}
            for keep, sub in zip(idx, self.parser.pipe(subs, batch_size=batch_size)):
                for t in sub:
                    deps[keep[t.i]] = (keep[t.head.i], t.dep_, t.pos_)
            doc._.deps = deps
            yield doc


def deps_of(doc: Doc) -> dict[int, tuple[int, str, str]]:
    """token index -> (head index, deprel, UPOS): the scoped parse, else the Doc's own (stanza)."""
    if doc._.deps is not None:
        return doc._.deps
    if doc.has_annotation("DEP"):
        return {t.i: (t.head.i, t.dep_, t.pos_) for t in doc if not t.is_space}
    return {}


def ancestors(deps: dict, i: int) -> list[int]:
    """Heads of token i up to the root (cycle-safe)."""
    out, seen = [], {i}
    while i in deps and deps[i][0] != i and deps[i][0] not in seen:
        i = deps[i][0]
        seen.add(i)
        out.append(i)
    return out


def children(deps: dict, i: int) -> list[int]:
    return sorted(j for j, (h, _, _) in deps.items() if h == i and j != i)


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
