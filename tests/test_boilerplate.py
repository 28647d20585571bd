import pytest

from pipeline.text.boilerplate import find_boilerplate

CASES = [
    ("Isi berita.\nBaca juga: Judul lain\nLanjutan.", "Baca juga: Judul lain", "baca_juga"),
    ("Isi.\nBACA JUGA:  Pasukan tiba\nLanjut.", "BACA JUGA:  Pasukan tiba", "baca_juga"),
    ("Isi.\nLeave a Reply\n", "Leave a Reply", "comment_notice"),
    ("Isi.\nRedaktur: Irwina Istiqomah\n", "Redaktur: Irwina Istiqomah", "byline"),
    ("Isi.\nkorea utara   tentara   rusia   latihan\n", "korea utara   tentara   rusia   latihan", "tag_list"),
    ("Isi.\nCopyright © 2025 by GenPI.co", "Copyright © 2025 by GenPI.co", "copyright"),
    ("Isi.\nFoto prajurit TNI berbaris di lapangan upacara\nFoto prajurit TNI berbaris di lapangan upacara(antara)\n",
     "Foto prajurit TNI berbaris di lapangan upacara(antara)", "caption_duplicate"),
    ("TEMPO.CO, Jakarta - Sekretaris Jenderal NATO berkata.", "TEMPO.CO, Jakarta - ", "dateline_prefix"),
    ("JAKARTA, KOMPAS.com - Panglima TNI berkata.", "JAKARTA, KOMPAS.com - ", "dateline_prefix"),
    ("Isi.\nSCROLL TO CONTINUE WITH CONTENT\nLanjut.", "SCROLL TO CONTINUE WITH CONTENT", "page_furniture"),
    ("Isi.\n[Gambas:Video CNN]\n", "[Gambas:Video CNN]", "page_furniture"),
    ("Isi.\nArtikel ini telah tayang di Kompas.com dengan judul Pasukan Tiba\n",
     "Artikel ini telah tayang di Kompas.com dengan judul Pasukan Tiba", "page_furniture"),
]
NEGATIVE = [
    "Sebanyak 500 prajurit tiba di Jayapura pada Senin.",
    "Korut Kembali Kirim 30.000 Tentara ke Rusia: Perang Mencekam",
    "Kedatangan pasukan - yang berjumlah ribuan - dibenarkan NATO.",
]


@pytest.mark.parametrize("text,span,rule", CASES)
def test_boilerplate_found_with_offsets(text, span, rule):
    marks = find_boilerplate(text)
    assert any(text[m.start:m.end] == span and m.rule == rule for m in marks), marks


@pytest.mark.parametrize("text", NEGATIVE)
def test_content_is_not_boilerplate(text):
    assert find_boilerplate(text) == []


def test_offsets_survive_the_pipeline(nlp):
    text = "Judul\nBaca juga: lain\nNIS\u00a0melaporkan bahwa sekitar 1.500 pasukan tiba di Rusia."
    doc = nlp(text)
    assert doc.text == text.replace("\u00a0", " ")
    (fact,) = doc._.facts
    assert text[fact["char_start"]:fact["char_end"]] == "sekitar 1.500"
