"""Tests for the project's Indonesian dependency parser (models/id_parser) and its training entry point."""
from __future__ import annotations

import json

import pytest

from pipeline.paths import models_dir, shared_dir

MODEL_DIR = models_dir() / "id_parser"
SENTENCE = "Juru bicara TNI mengatakan 1.500 prajurit dikirim ke Papua."


def _ud_dir():
    sd = shared_dir()
    d = sd / "data" / "ud" if sd else None
    if d is None or not (d / "id_csui" / "id_csui-ud-train.conllu").is_file():
        pytest.skip("../shared/data/ud not present: the UD treebanks are needed to train a parser")
    return d


def test_read_conllu_keeps_multiword_tokens(tmp_path):
    """Syntactic words are split (menyetujui + nya); the surface doc merges them onto the host word."""
    import spacy

    from pipeline.training.parser import read_conllu, to_doc

    p = tmp_path / "x.conllu"
    p.write_text(
        "# sent_id = t1\n# text = Dia menyetujuinya.\n"
        "1\tDia\tdia\tPRON\t_\t_\t2\tnsubj\t_\t_\n"
        "2-3\tmenyetujuinya\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
        "2\tmenyetujui\tsetuju\tVERB\t_\t_\t0\troot\t_\t_\n"
        "3\tnya\tnya\tPRON\t_\t_\t2\tobj\t_\t_\n"
        "4\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n", encoding="utf-8")
    (s,) = read_conllu(p)
    assert s.words == ["Dia", "menyetujui", "nya", "."]
    assert s.heads == [1, 1, 1, 1] and s.has_mwt
    vocab = spacy.blank("id").vocab
    words = to_doc(vocab, s)
    assert words.text == "Dia menyetujuinya."
    assert [t.dep_ for t in words] == ["nsubj", "ROOT", "obj", "punct"]
    surf = to_doc(vocab, s, surface=True)
    assert [t.text for t in surf] == ["Dia", "menyetujuinya", "."]
    assert [(t.pos_, t.dep_, t.head.i) for t in surf] == [("PRON", "nsubj", 1), ("VERB", "ROOT", 1),
                                                          ("PUNCT", "punct", 1)]


@pytest.mark.slow
@pytest.mark.needs_shared
def test_train_tiny_parser(tmp_path):
    ud = _ud_dir()
    import spacy

    from pipeline.training.parser import TEST_FILES, main

    out = tmp_path / "id_parser_tiny"
    rc = main(["--ud-dir", str(ud), "--out", str(out), "--work", str(tmp_path / "work"),
               "--max-sents", "40", "--max-steps", "30", "--eval-frequency", "10", "--no-speed"])
    assert rc == 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["lang"] == "id" and meta["name"] == "id_parser"
    assert set(meta["test_scores"]) == set(TEST_FILES)
    for name, s in meta["test_scores"].items():
        assert s["sents"] == 40, name
        for k in ("uas", "las", "upos", "ud_uas", "ud_las"):
            assert 0.0 <= s[k] <= 1.0, (name, k, s[k])
        assert s["las"] <= s["uas"]
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "morphologizer", "parser"]
    labels = set(nlp.get_pipe("parser").labels)
    assert {"nsubj", "obj", "case", "punct"} <= labels
    doc = nlp(SENTENCE)
    assert doc.has_annotation("DEP") and doc.has_annotation("POS")
    assert all(t.dep_ for t in doc)
    assert all(0 <= t.head.i < len(doc) for t in doc)
    assert any(t.dep_ == "ROOT" for t in doc)


def test_shipped_parser_parses_a_troop_sentence():
    if not (MODEL_DIR / "meta.json").is_file():
        pytest.skip(f"trained parser not present at {MODEL_DIR}")
    import spacy

    nlp = spacy.load(MODEL_DIR)
    assert nlp.lang == "id"
    assert {"parser", "morphologizer"} <= set(nlp.pipe_names)
    doc = nlp(SENTENCE)
    words = [t.text for t in doc]
    assert "1.500" in words and words[-1] == "."
    roots = [t for t in doc if t.dep_ == "ROOT"]
    assert [t.text for t in roots] == ["mengatakan"], [(t.text, t.dep_, t.head.text) for t in doc]
    nsubj = [t for t in doc if t.dep_ == "nsubj"]
    assert nsubj and nsubj[0].head.text == "mengatakan", [(t.text, t.dep_, t.head.text) for t in doc]
    by = {t.text: t for t in doc}
    assert by["1.500"].dep_ == "nummod" and by["1.500"].head.text == "prajurit"
    assert by["mengatakan"].pos_ == "VERB" and by["prajurit"].pos_ == "NOUN"
    assert by["1.500"].pos_ == "NUM" and by["Papua"].pos_ == "PROPN"
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    assert {"id_gsd", "id_csui", "id_pud"} <= set(meta["test_scores"])
