"""The PDF tools for tests: LibreOffice installed by the project's script, and a PDF read back as text."""

from __future__ import annotations

import functools
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


@functools.cache
def office_tools() -> None:
    """Install LibreOffice, the fonts and poppler when missing (deploy/local/office/office.sh), once."""
    subprocess.run(  # noqa: S603 - our own script
        [str(ROOT / "deploy/local/office/office.sh")], check=True, capture_output=True
    )


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page of a PDF, as poppler's pdftotext reads it (layout kept, NFC as written)."""
    assert content.startswith(b"%PDF-"), content[:40]
    with tempfile.TemporaryDirectory(prefix="emt-pdftext-") as work:
        source = Path(work) / "document.pdf"
        source.write_bytes(content)
        command = ["pdftotext", "-layout", "-enc", "UTF-8", str(source), "-"]
        text = subprocess.run(command, check=True, capture_output=True).stdout.decode()  # noqa: S603
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def keep_document(name: str, content: bytes) -> None:
    """Keep a generated document in test-artifacts/documents/ (not committed; see docs/rendered/)."""
    folder = ROOT / "test-artifacts" / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)
