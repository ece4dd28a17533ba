"""emutrack_kit.pdf: what a caller gets when LibreOffice is missing or fails (the real conversion is
tested on the services' papers, tests of review and reporting)."""

from __future__ import annotations

import pytest

from emutrack_kit.errors import Unavailable
from emutrack_kit.http import status_of
from emutrack_kit.pdf import PdfConverter


async def test_a_missing_libreoffice_is_a_503_that_offers_the_word_file() -> None:
    converter = PdfConverter("soffice-that-is-not-installed")
    assert not converter.available()
    with pytest.raises(Unavailable) as raised:
        await converter.from_docx(b"PK")
    assert (raised.value.code, status_of(raised.value)) == ("PDF_UNAVAILABLE", 503)
    assert "bản Word" in raised.value.message
    assert raised.value.details == {"reason": "soffice-that-is-not-installed not found"}


async def test_a_program_that_writes_no_pdf_is_refused_not_half_sent() -> None:
    with pytest.raises(Unavailable) as raised:
        await PdfConverter("false").from_docx(b"PK")
    assert raised.value.details["reason"] == "exit 1"
