"""Build the project's spaCy pipeline (`pipeline.load()`)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import spacy
from spacy.language import Language

from . import extensions  # noqa: F401  (declares the Doc/Span/Token extensions)
from .components import attribution, boilerplate, counts, entities, facts, modality, parse, places, scoped_ner, sentences, status, times  # noqa: F401,E501
from .ops import BlasOps, built_with
from .paths import LANG_DIR, models_dir
from .tokenizer import customize_tokenizer

log = logging.getLogger(__name__)

NER_MODEL = "id_ner"


def load(ner: str | Path | None = "auto", backend: str | None = None, stanza_dir: str | Path | None = None,
         stanza_sentences: bool = True, ner_scope: str = "all", parser: str | Path | None = "auto",
         blas_threads: int | None = 1) -> Language:
    """The full pipeline. `ner`: "auto" uses models/id_ner when it is there (else the gazetteer
    and rule layer alone), None never uses a statistical model, a path uses that model.

    `backend`: "spacy" (the default) tokenizes with spaCy's Indonesian tokenizer and the project's
    rules; "stanza" builds the Doc with stanza (tokens, sentences, POS, lemmas, dependencies; see
    pipeline.stanza_backend) from models in `stanza_dir` (default: stanza's resources folder),
    never downloading anything. None reads $TROOPFACTS_BACKEND / $TROOPFACTS_STANZA_DIR (how the
    command line reaches worker processes), else "spacy". With stanza, `stanza_sentences` keeps
    stanza's sentences (and parse); False lets the rule sentencizer set them (no parse).

    `ner_scope`: "all" runs the statistical NER on the whole text (doc.ents complete); "facts"
    runs it only on the sentences with a troop count and the two before each (the command's
    default: same facts on the seeds and the dev set, a third less time).

    `parser`: "auto" parses the sentences that state a troop count with models/id_parser when it is
    there (the attribution layer uses the parse where the rules are unsure; see
    components/parse.py), None never parses, a path uses that parser. The stanza backend brings its
    own parse.

    `blas_threads`: the statistical models multiply matrices with numpy's BLAS (pipeline.ops:
    about 3x faster than thinc's default blis on one core), capped at this many threads; 1 keeps
    one pipeline on one core (scale with worker processes), None leaves BLAS's default."""
    with built_with(BlasOps(threads=blas_threads)):
        nlp = _build(ner, backend, stanza_dir, stanza_sentences, ner_scope, parser)
    warm_up(nlp)
    return nlp


def warm_up(nlp: Language) -> None:
    """Run a short sample article (lang/id/warmup.txt) through the pipeline once, so the lazily
    built tables (count and time regexes, place index, parser) are built at load time rather than
    inside the first batch. Measured: the first pass over the NERGRIT test sentences spent 0.35 s
    of 0.77 s compiling them."""
    nlp((LANG_DIR / "warmup.txt").read_text(encoding="utf-8"))


def _build(ner, backend, stanza_dir, stanza_sentences, ner_scope, parser) -> Language:
    if ner_scope not in ("all", "facts"):
        raise ValueError(f"unknown ner_scope {ner_scope!r} (all or facts)")
    if backend is None:
        backend = os.environ.get("TROOPFACTS_BACKEND") or "spacy"
        stanza_dir = stanza_dir or os.environ.get("TROOPFACTS_STANZA_DIR") or None
    if backend not in ("spacy", "stanza"):
        raise ValueError(f"unknown backend {backend!r} (spacy or stanza)")
    if backend == "stanza":  # fail fast, before the spaCy components load
        from .stanza_backend import check_stanza_dir

        check_stanza_dir(stanza_dir)
    model_path = None
    if ner == "auto":
        cand = models_dir() / NER_MODEL
        model_path = cand if (cand / "meta.json").exists() else None
    elif ner is not None:
        model_path = Path(ner)
        if not (model_path / "meta.json").exists():
            raise FileNotFoundError(f"no spaCy model at {model_path} (meta.json missing); "
                                    f"rebuild it with: python -m pipeline models train-ner --out {model_path}")
    if model_path is not None:
        nlp = spacy.load(model_path, exclude=[p for p in ("parser", "tagger", "lemmatizer") if True])
        nlp.meta["ner_model"] = str(model_path)
    else:
        nlp = spacy.blank("id")
        nlp.meta["ner_model"] = None
    customize_tokenizer(nlp)
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    nlp.add_pipe("id_boilerplate", first=True) if first else nlp.add_pipe("id_boilerplate")
    if backend != "stanza" or not stanza_sentences:
        nlp.add_pipe("id_sentencizer", after="id_boilerplate")
    ruler = nlp.add_pipe("span_ruler", name="gazetteer", config={
        "spans_key": None, "annotate_ents": True, "overwrite": False, "phrase_matcher_attr": "ORTH",
        "ents_filter": {"@misc": "troopfacts.gazetteer_ents_filter.v1"}})
    ruler.add_patterns(entities.gazetteer_patterns())
    if ner_scope == "facts" and "ner" in nlp.pipe_names:
        # counts first, then the NER only around them
        nlp.add_pipe("id_troop_counts", before="ner")
        scoped = nlp.add_pipe("id_scoped_ner", before="ner")
        scoped.ner = nlp.remove_pipe("ner")[1]
    nlp.add_pipe("id_person_names", config={"add_new": model_path is None})
    if "id_troop_counts" not in nlp.pipe_names:
        nlp.add_pipe("id_troop_counts")
    nlp.add_pipe("id_times")
    nlp.add_pipe("id_scoped_parser", config={"model": None if parser is None else str(parser)})
    nlp.add_pipe("id_attribution")
    nlp.add_pipe("id_places")
    nlp.add_pipe("id_status")
    nlp.add_pipe("id_modality")
    nlp.add_pipe("id_facts")
    nlp.meta["name"] = "troopfacts_id"
    # nlp.pipe's default batch: 256 short docs ran 1.6x faster than the model's 1000 (score_ner, one core)
    nlp.batch_size = 256
    if backend == "stanza":  # last: the components' phrase patterns are tokenized by spaCy's rules above
        from .stanza_backend import use_stanza

        use_stanza(nlp, stanza_dir, parse=stanza_sentences)
        nlp.meta["backend"] = "stanza"
    return nlp
