"""Tests for the project's Indonesian NER model and its training entry point."""
from __future__ import annotations

import pytest

from pipeline.paths import models_dir, shared_dir

MODEL_DIR = models_dir() / "id_ner"
LABELS = {"PER", "ORG", "LOC"}


@pytest.mark.slow
@pytest.mark.needs_shared
def test_train_tiny_model(tmp_path):
    sd = shared_dir()
    if sd is None or not (sd / "data" / "ner" / "nergrit").is_dir():
        pytest.skip("../shared/data not present: the NER training sets are needed to train a model")
    import spacy

    from pipeline.training.ner import main

    out = tmp_path / "id_ner_tiny"
    rc = main([
        "--data-dir", str(sd / "data"), "--out", str(out), "--work", str(tmp_path / "work"),
        "--sets", "nergrit,idner", "--max-sents", "300", "--max-steps", "150",
        "--eval-frequency", "50", "--pretrain-epochs", "1",
    ])
    assert rc == 0
    assert (out / "meta.json").is_file()
    assert (tmp_path / "work" / "pretrain" / "model-last.bin").is_file()  # pretraining ran first
    nlp = spacy.load(out)
    assert "ner" in nlp.pipe_names
    assert set(nlp.get_pipe("ner").labels) == LABELS
    text = ("Presiden Joko Widodo bertemu Gubernur Jawa Timur Khofifah Indar Parawansa di Surabaya . "
            "Menteri Pertahanan Prabowo Subianto mengunjungi markas TNI di Jakarta .")
    docs = [nlp(text) for _ in range(1)]
    ents = [e for d in docs for e in d.ents]
    assert ents, "a model trained for 150 steps should find at least one entity"
    assert {e.label_ for e in ents} <= LABELS


def test_shipped_model_finds_per_and_loc():
    if not (MODEL_DIR / "meta.json").is_file():
        pytest.skip(f"trained NER model not present at {MODEL_DIR}")
    import spacy

    nlp = spacy.load(MODEL_DIR)
    doc = nlp("Presiden Joko Widodo berkunjung ke Surabaya pada hari Senin.")
    ents = {(e.text, e.label_) for e in doc.ents}
    labels = {l for _, l in ents}
    assert "PER" in labels, ents
    assert labels & {"LOC", "GPE"}, ents
    assert any("Joko Widodo" in t and l == "PER" for t, l in ents), ents
    assert any(t == "Surabaya" and l in {"LOC", "GPE"} for t, l in ents), ents


@pytest.mark.slow
@pytest.mark.needs_shared
def test_pretrained_tok2vec_is_loaded_into_the_ner(tmp_path):
    """spaCy pretraining (train-ner --pretrain-epochs) on a few lines, then the after_init callback
    puts exactly those weights into the NER's own tok2vec."""
    sd = shared_dir()
    if sd is None or not (sd / "data" / "ner" / "nergrit").is_dir():
        pytest.skip("../shared/data not present: the pretraining text comes from the NER and UD sets")
    from spacy.training import Example
    from spacy.util import load_config, load_model_from_config

    from pipeline.training.ner import CONFIG_PATH, pretrain_tok2vec, pretrained_tok2vec, tok2vec_overrides

    shape = tok2vec_overrides(32, 1)
    weights = pretrain_tok2vec(sd / "data", tmp_path, epochs=1, seed=0, shape=shape, max_lines=60)
    assert weights.is_file() and weights.stat().st_size > 0
    nlp = load_model_from_config(load_config(CONFIG_PATH, overrides=shape), auto_fill=True)
    doc = nlp.make_doc("Prabowo Subianto tiba di Jakarta")
    examples = [Example.from_dict(doc, {"entities": ["B-PER", "L-PER", "O", "O", "U-LOC"]})]
    nlp.initialize(lambda: examples)
    inner = nlp.get_pipe("ner").model.get_ref("tok2vec").layers[0]
    assert inner.to_bytes() != weights.read_bytes()  # randomly initialised before
    pretrained_tok2vec(str(weights))(nlp)
    assert inner.to_bytes() == weights.read_bytes()
    assert nlp("Prabowo Subianto tiba di Jakarta") is not None  # the model still runs
