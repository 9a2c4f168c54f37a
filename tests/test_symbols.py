"""Canonical symbols, dates and deadlines: the repairs domain.md lists, as unit tests."""
from __future__ import annotations

import pytest

from kg.extract.dates import parse_date, parse_deadline
from kg.extract.symbols import parse_symbol


@pytest.mark.parametrize("printed, canonical, family", [
    ("233/NQ-TU", "233-NQ/TU", "party"),          # Party document printed in state order
    ("233-NQ/TU", "233-NQ/TU", "party"),
    ("29- NQ/TW", "29-NQ/TW", "party"),           # stray space
    ("623/NQUBTVQH15", "623/NQ-UBTVQH15", "administrative"),  # missing hyphen
    ("04-NQ/BCSD", "04-NQ/BCSĐ", "party"),        # D for Đ
    ("26/Tr-STP", "26/TTr-STP", "administrative"),  # "Tr" for "TTr"
    ("14-TTr-BDT", "14/TTr-BDT", "administrative"),
    ("3210/QĐ - U B ND", "3210/QĐ-UBND", "administrative"),  # OCR spacing
    ("262/2015/QĐ-\nUBND", "262/2015/QĐ-UBND", "normative"),  # broken across lines
    ("91/2019/ND-CP", "91/2019/NĐ-CP", "normative"),
    ("31/2024/QH15", "31/2024/QH15", "normative"),
    ("11554/VPCP-V.I", "11554/VPCP-V.I", "letter"),
    ("1/nq-cp", "01/NQ-CP", "administrative"),
    ("05/CT-TTg", "05/CT-TTg", "administrative"),
])
def test_canonical_symbols(printed, canonical, family):
    symbol = parse_symbol(printed)
    assert symbol is not None
    assert (symbol.canonical, symbol.family) == (canonical, family)


def test_near_identical_symbols_stay_apart():
    pairs = [("26-CT/TU", "26/CT-TTg"), ("25-CT/TW", "25-CT/TU"), ("02/NQ-CP", "02/KH-UBND")]
    for a, b in pairs:
        assert parse_symbol(a).canonical != parse_symbol(b).canonical


def test_draft_symbol_keeps_its_blank_number():
    symbol = parse_symbol("/KH-UBND")
    assert symbol.canonical == "/KH-UBND" and symbol.number is None


@pytest.mark.parametrize("text, iso", [
    ("ngày 05/01/2024", "2024-01-05"),
    ("ngày 5 tháng 01 năm 2024", "2024-01-05"),
    ("ngày 31/02/2024", None),
])
def test_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text, deadline", [
    ("Trước ngày 20/01/2024 xây dựng và ban hành kế hoạch", "2024-01-20"),
    ("hoàn thành trong tháng 5/2024.", "2024-05"),
    ("báo cáo kết quả trong Quý I/2026", "2026-Q1"),
    ("phấn đấu hoàn thành xây dựng 100% trụ sở trong năm 2024", "2024"),
    ("phấn đấu năm 2024 đạt 7%", None),
])
def test_deadlines(text, deadline):
    found = parse_deadline(text)
    assert (found[0] if found else None) == deadline
