"""The stanza backend (issue 8): a tiny stanza model trained from ../shared/data/ud, the adapter
keeps offsets into the text as given, pipeline.load(backend="stanza") and the CLI extract facts.

Skipped when stanza is not installed (the default install has no torch) or ../shared/data is
absent. The model is trained once per test session (shared between xdist workers, under a lock)
with the `tiny` preset: about a minute and a half on one core.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

stanza = pytest.importorskip("stanza")

ROOT = Path(__file__).resolve().parent.parent
SHARED_UD = ROOT.parent / "shared" / "data" / "ud"

TEXT = ("JAKARTA, KOMPAS.com -\u00a0Sekitar 1.500 prajurit TNI tiba di Jayapura pada Senin (28/10/2024), "
        "kata Kapendam.\n\nIa menambahkan bahwa  300 personel lainnya akan menyusul.\nMenyetujuinya tidak mudah.")


@pytest.fixture(scope="session")
def stanza_dir(tmp_path_factory) -> Path:
    if not (SHARED_UD / "id_csui" / "id_csui-ud-train.conllu").exists():
        pytest.skip("../shared/data/ud not present")
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by the xdist workers of this run (not by later runs)
    out = base / "stanza_tiny"
    with FileLock(str(base / "stanza_tiny.lock")):
        if not (out / "troopfacts_stanza.json").exists():
            r = subprocess.run([sys.executable, "-m", "pipeline", "models", "train-stanza", "--ud-dir", str(SHARED_UD),
                                "--out", str(out), "--preset", "tiny", "--no-eval"], cwd=ROOT, capture_output=True,
                               text=True, timeout=600)
            assert r.returncode == 0, r.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def snlp(stanza_dir):
    import pipeline

    return pipeline.load(backend="stanza", stanza_dir=stanza_dir)


def test_missing_model_dir_gives_clear_error(tmp_path):
    import pipeline
    from pipeline.stanza_backend import StanzaModelsMissing

    missing = tmp_path / "no_models_here"
    with pytest.raises(StanzaModelsMissing) as ei:
        pipeline.load(backend="stanza", stanza_dir=missing)
    msg = str(ei.value)
    assert str(missing) in msg and "stanza.download('id'" in msg and "train-stanza" in msg
    (missing / "id").mkdir(parents=True)
    (missing / "resources.json").write_text("{}")
    with pytest.raises(StanzaModelsMissing, match="no Indonesian models"):
        pipeline.load(backend="stanza", stanza_dir=missing)


def test_cli_missing_model_dir_exits_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pipeline", "run", str(ROOT / "seeds"), "--out", str(tmp_path / "o"),
                        "--backend", "stanza", "--stanza-dir", str(tmp_path / "nothing")], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2
    assert "stanza.download('id'" in r.stderr and "\n" not in r.stderr.strip()


@pytest.mark.slow
@pytest.mark.needs_shared
def test_adapter_keeps_offsets(snlp):
    from pipeline.tokenizer import SPACE_LIKE

    doc = snlp.make_doc(TEXT)
    assert doc.text == TEXT.translate(SPACE_LIKE)  # one for one: every offset holds in TEXT
    assert len(doc.text) == len(TEXT)
    for t in doc:
        assert TEXT[t.idx:t.idx + len(t.text)].translate(SPACE_LIKE) == t.text
    assert doc.has_annotation("POS") and doc.has_annotation("DEP") and doc.has_annotation("LEMMA")
    sents = list(doc.sents)
    assert len(sents) >= 3  # the line and paragraph breaks always end a sentence
    assert sum(len(s) for s in sents) == len(doc)
    # a block starting at a line break starts a sentence
    assert any(s.text.startswith("Menyetujuinya") for s in sents)
    # pipe gives the same Docs as one by one
    docs = list(snlp.tokenizer.pipe([TEXT, "Sepuluh prajurit tiba.", ""]))
    assert [t.text for t in docs[0]] == [t.text for t in doc]
    assert len(docs[2]) == 0


@pytest.mark.slow
@pytest.mark.needs_shared
def test_load_stanza_extracts_facts(snlp):
    doc = snlp(TEXT)
    assert "ner" not in snlp.pipe_names or doc.ents is not None
    facts = doc._.facts
    counts = {f["count_low"] for f in facts}
    assert 1500 in counts
    f = next(f for f in facts if f["count_low"] == 1500)
    assert TEXT[f["char_start"]:f["char_end"]] == f["count_text"]
    assert f["unit"] == "prajurit"
    assert doc.ents  # gazetteer / NER still label entities on the stanza Doc
    # a pre-tokenized Doc goes through too (the contract)
    doc2 = snlp(snlp.make_doc("Sebanyak 200 personel Brimob dikirim ke Ambon."))
    assert any(x["count_low"] == 200 for x in doc2._.facts)


@pytest.mark.slow
@pytest.mark.needs_shared
def test_cli_backend_stanza_on_seeds(stanza_dir, tmp_path):
    import pandas as pd

    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "pipeline", "run", str(ROOT / "seeds"), "--out", str(out), "--quiet",
                        "--backend", "stanza", "--stanza-dir", str(stanza_dir)], cwd=ROOT, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    facts = pd.read_parquet(out / "facts.parquet")
    assert len(facts) > 0
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    for row in facts.itertuples():
        assert texts[row.article_id][row.char_start:row.char_end] == row.count_text
