"""The Python entry point of the contract: pipeline.load()."""
import pytest
from spacy.tokens import Doc


def test_load_gives_entities_with_contract_labels(nlp):
    doc = nlp("Presiden Ukraina Volodymyr Zelensky bertemu Sekretaris Jenderal NATO Mark Rutte di Kyiv.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Volodymyr Zelensky") == "PER"
    assert labels.get("NATO") == "ORG"
    assert labels.get("Kyiv") in ("LOC", "GPE")


def test_accepts_pretokenized_doc(nlp):
    doc = Doc(nlp.vocab, words=["Badan", "Intelijen", "Nasional", "Korea", "Selatan", "melaporkan", "1.500",
                                "pasukan", "tiba", "di", "Vladivostok", "."])
    out = nlp(doc)
    assert any(e.label_ in ("ORG",) for e in out.ents)
    assert [f["count_low"] for f in out._.facts] == [1500]


def test_components_are_registered_factories(nlp):
    from spacy.language import Language

    for name in ("id_boilerplate", "id_sentencizer", "id_person_names", "id_times", "id_troop_counts",
                 "id_attribution", "id_places", "id_status", "id_facts"):
        assert Language.has_factory(name)
        assert name in nlp.pipe_names


@pytest.mark.parametrize("text,where,actor", [
    ("Korut mengirim 3.000 tentaranya ke Vladivostok.", "Vladivostok", "Korea Utara"),
    ("Sebanyak 500 prajurit TNI tiba di Jayapura.", "Jayapura", "Indonesia"),
    ("TNI mengirim 1.000 pasukan untuk membantu Lebanon dalam perang di Timur Tengah.", "Lebanon", "Indonesia"),
    ("Pyongyang mengirim 11.000 tentaranya untuk membantu pertempuran di wilayah Kursk, Rusia.", "Kursk", "Korea Utara"),
])
def test_place_and_actor(nlp, text, where, actor):
    (f,) = nlp(text)._.facts
    assert (f["where_name"], f["actor"]) == (where, actor)
    assert f["where_rule"] and f["actor_rule"]


@pytest.mark.parametrize("text,status", [
    ("Korut berencana mengirim 5.000 tentara ke Rusia.", "planned"),
    ("Sebanyak 300 tentara tewas dalam serangan itu.", "casualties"),
    ("Sekitar 1.500 pasukan tiba di Vladivostok.", "arrived"),
    ("Sebanyak 12.000 tentara telah berada di Rusia.", "present"),
    ("Rusia mengerahkan 2.000 tentara ke perbatasan.", "sent"),
])
def test_status(nlp, text, status):
    (f,) = nlp(text)._.facts
    assert f["status"] == status


def test_every_fact_is_traceable(nlp):
    text = open("seeds/004_416e0f37f0a23236.txt", encoding="utf-8").read()
    for f in nlp(text)._.facts:
        assert text[f["char_start"]:f["char_end"]] == f["count_text"]
        assert f["sentence"] in text.replace("\u00a0", " ")
        assert f["count_rule"] and f["status_rule"] and f["when_rule"]
        if f["reporter"]:
            assert f["reporter_rule"] and f["reporter_start"] is not None


@pytest.mark.slow
def test_scoped_ner_gives_the_same_facts(nlp):
    """The command's default runs the NER only around counts: same facts as the full NER."""
    import pipeline

    scoped = pipeline.load(ner_scope="facts")
    assert "id_scoped_ner" in scoped.pipe_names and "ner" not in scoped.pipe_names
    keys = ("count_text", "reporter", "where_name", "when_start", "actor", "status")
    for path in sorted(__import__("pathlib").Path("seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        full = [tuple(f[k] for k in keys) for f in nlp(text)._.facts]
        assert [tuple(f[k] for k in keys) for f in scoped(text)._.facts] == full, path.name


def test_load_builds_the_lazy_tables_before_the_first_batch():
    """pipeline.load() warms the pipeline up (lang/id/warmup.txt), so the count and time regexes
    and the place index are not built inside the first batch (a fresh process, so nothing else
    has built them)."""
    import subprocess
    import sys

    code = (
        "import pipeline\n"
        "from pipeline import aliases, temporal\n"
        "from pipeline.components import counts\n"
        "tables = (counts._regexes, temporal.compiled, aliases.place_index)\n"
        "assert all(t.cache_info().currsize == 0 for t in tables)\n"
        "pipeline.load()\n"
        "print([t.cache_info().currsize for t in tables])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[1, 1, 1]"
