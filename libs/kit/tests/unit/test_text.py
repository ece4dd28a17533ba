"""Unit tests of emutrack_kit.text: NFC normalisation and diacritics-insensitive folding."""

from __future__ import annotations

import unicodedata

import pytest

from emutrack_kit.text import fold, nfc

NGUYEN_NFC = "Nguy\u1ec5n"  # "Nguyễn" with one precomposed code point for ễ
NGUYEN_NFD = unicodedata.normalize("NFD", NGUYEN_NFC)


def test_fixture_strings_really_differ_in_form() -> None:
    assert NGUYEN_NFD != NGUYEN_NFC
    assert len(NGUYEN_NFD) > len(NGUYEN_NFC)


def test_nfc_composes_a_decomposed_name() -> None:
    result = nfc(NGUYEN_NFD)
    assert result == NGUYEN_NFC
    assert len(result) == len("Nguyễn") == 6
    assert unicodedata.is_normalized("NFC", result)


def test_nfc_trims_surrounding_whitespace_but_keeps_inner_spaces() -> None:
    assert nfc("  Phường Kim Giang \n\t") == "Phường Kim Giang"
    assert nfc(f"\u00a0{NGUYEN_NFD} Thị  Thịnh ") == f"{NGUYEN_NFC} Thị  Thịnh"


def test_nfc_leaves_nfc_text_unchanged() -> None:
    assert nfc("Quận Thanh Xuân") == "Quận Thanh Xuân"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Thị Thịnh", "nguyen thi thinh"),
        ("Phú Lãm", "phu lam"),
        ("Đại Kim", "dai kim"),
        ("đại kim", "dai kim"),
        ("ĐỒNG XUÂN", "dong xuan"),
        ("Thượng Đình", "thuong dinh"),
        ("Hoàng Văn Thụ", "hoang van thu"),
        ("Yết Kiêu", "yet kieu"),
        ("Cửa Đông", "cua dong"),
        ("Lý Thái Tổ", "ly thai to"),
    ],
)
def test_fold_strips_diacritics_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_the_same_for_nfd_and_nfc_input() -> None:
    for name in ("Nguyễn Thị Thịnh", "Phú Lãm", "Đại Kim", "Thượng Đình"):
        decomposed = unicodedata.normalize("NFD", name)
        assert decomposed != name
        assert fold(decomposed) == fold(name)


def test_fold_collapses_and_trims_whitespace() -> None:
    assert fold("  Phú   Lãm \t\n") == "phu lam"
    assert fold("Nguyễn\u00a0Thị   Thịnh") == "nguyen thi thinh"


def test_fold_keeps_distinct_names_distinct() -> None:
    assert fold("Phú La") != fold("Phúc La")
    assert fold("Phú La") != fold("Phú Lãm")


def test_fold_output_is_plain_ascii_for_vietnamese_names() -> None:
    folded = fold("Trần Hưng Đạo Khương Trung Dương Nội Đồng Mai")
    assert folded.isascii()
    assert folded == "tran hung dao khuong trung duong noi dong mai"
