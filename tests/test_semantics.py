"""Modality, outlets and claims across articles."""
import datetime as dt

import pytest

from pipeline.claims import build_claims
from pipeline.components.boilerplate import outlet_from_dateline


@pytest.mark.parametrize("text,modality", [
    ("Pemerintah Sudan membantah laporan bahwa 5.000 tentara bayaran telah tiba di Khartoum.", "denied"),
    ("Korea Utara diduga mengirim 10.000 pasukannya ke Rusia.", "alleged"),
    ("Korut berencana mengirim 5.000 tentara ke Rusia.", "planned"),
    ("NIS mengatakan sekitar 3.000 tentara telah tiba di Rusia.", "claimed"),
    ("Sebanyak 450 prajurit TNI tiba di Jayapura.", "asserted"),
])
def test_modality(nlp, text, modality):
    (f,) = nlp(text)._.facts
    assert f["modality"] == modality and f["modality_rule"]


@pytest.mark.parametrize("prefix,outlet", [
    ("TEMPO.CO, Jakarta - ", "TEMPO.CO"), ("JAKARTA, KOMPAS.com - ", "KOMPAS.com"), ("GenPI.co - ", "GenPI.co"),
    ("TRIBUNNEWS.COM - ", "TRIBUNNEWS.COM"),
])
def test_outlet_from_dateline(prefix, outlet):
    assert outlet_from_dateline(prefix) == outlet


def _fact(aid, low, reporter, outlet, when=dt.date(2024, 10, 23), where="Rusia"):
    return {"article_id": aid, "count_low": low, "count_high": low, "actor": "Korea Utara", "reporter": reporter,
            "where_name": where, "when_start": when, "when_end": when, "published": when, "outlet": outlet,
            "fact_id": f"{aid}-{low}", "approx": "exact"}


def test_claims_group_across_articles():
    facts = [_fact("a", 3000, "Amerika Serikat", "TEMPO.CO"), _fact("b", 3000, "Amerika Serikat", "KOMPAS.com"),
             _fact("c", 3000, "amerika serikat", "KOMPAS.com", when=dt.date(2024, 10, 28)),
             _fact("c", 1500, "Badan Intelijen Nasional Korea Selatan", "KOMPAS.com"),
             _fact("d", 3000, "Amerika Serikat", None, when=dt.date(2023, 1, 5))]
    claims = build_claims(facts)
    top = claims[0]
    assert (top["count_low"], top["n_articles"], top["n_outlets"]) == (3000, 3, 2)
    assert top["article_ids"] == ["a", "b", "c"]
    assert len(claims) == 3  # the 2023 fact is another claim, the 1500 another
