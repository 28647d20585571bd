"""Number parsing below the count grammar: digits in Indonesian and English style, scale words,
number words, fractions and vague words (pipeline/numbers.py)."""
import pytest

from conftest import golden
from pipeline.numbers import is_year, parse_number, parse_words

NUMBERS = [
    ("1.500", 1500, 1500), ("1.500,5", 1500.5, 1500.5), ("2,5 juta", 2_500_000, 2_500_000),
    ("12,5 ribu", 12_500, 12_500), ("12,500", 12_500, 12_500), ("1.5 juta", 1_500_000, 1_500_000),
    ("4 (empat)", 4, 4), ("empat (4)", 4, 4), ("dua ribu", 2000, 2000), ("seribu", 1000, 1000),
    ("sepuluh ribu", 10_000, 10_000), ("tiga ratus lima puluh", 350, 350), ("dua belas", 12, 12),
    ("seratus dua puluh ribu", 120_000, 120_000), ("setengah juta", 500_000, 500_000),
    ("satu setengah juta", 1_500_000, 1_500_000), ("100 ribu", 100_000, 100_000),
    ("puluhan ribu", 10_000, 99_999), ("belasan", 11, 19), ("jutaan", 1_000_000, 9_999_999),
    ("beberapa ribu", 2000, 9999), ("ratusan ribu", 100_000, 999_999),
]


@pytest.mark.parametrize("text,low,high", NUMBERS, ids=[n[0] for n in NUMBERS])
def test_parse_number(text, low, high):
    lo, hi, _ = parse_number(text)
    assert (lo, hi) == (low, high)


def test_not_numbers():
    assert parse_words("bukan angka") is None
    assert parse_words("dua tiga") is None


@pytest.mark.parametrize("num,before,year", [("2023", "Pada ", True), ("2014", "sejak ", True),
                                             ("2000", "mengirim ", False), ("2.000", "pada ", False)])
def test_year_guard(num, before, year):
    assert is_year(num, before) is year


def test_golden_table_size():
    cases = golden("counts")
    assert len(cases) >= 150
    assert sum(1 for c in cases if not c["expected"]) >= 40
