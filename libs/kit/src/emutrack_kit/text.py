"""Vietnamese text: NFC normalisation and diacritics-insensitive folding."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """NFC-normalise and trim a human-entered string."""
    return unicodedata.normalize("NFC", text).strip()


def fold(text: str) -> str:
    """Case- and diacritics-insensitive key: 'Phú Lãm' -> 'phu lam', 'Đại Kim' -> 'dai kim'."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.casefold().split())
