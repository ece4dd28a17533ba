"""Generated documents as PDF: LibreOffice (headless) converts the DOCX or XLSX it is given.

LibreOffice lays the page out as Word does (Liberation Serif stands in for Times New Roman with the same
metrics, Vietnamese included); deploy/local/office/office.sh installs it from Debian's packages.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

from emutrack_kit.errors import Unavailable

PDF_MEDIA_TYPE = "application/pdf"
TIMEOUT_SECONDS = 90.0
# One LibreOffice at a time per process: each takes ~150 MB and a core while it lays out the pages.
_ONE_AT_A_TIME = asyncio.Semaphore(1)


def _unavailable(reason: str) -> Unavailable:
    return Unavailable(
        "PDF_UNAVAILABLE",
        "Chưa tạo được bản PDF lúc này; vui lòng tải bản Word (DOCX) hoặc thử lại sau.",
        details={"reason": reason},
    )


class PdfConverter:
    """Converts a DOCX to PDF with the `soffice` program it is given (a name on PATH or a path)."""

    def __init__(self, soffice: str = "soffice") -> None:
        self.soffice = soffice

    def available(self) -> bool:
        """True when the program can be found."""
        return shutil.which(self.soffice) is not None

    async def from_docx(self, content: bytes) -> bytes:
        """The PDF of a DOCX (503 `PDF_UNAVAILABLE` when LibreOffice is missing or fails)."""
        return await self._convert(content, "docx")

    async def from_xlsx(self, content: bytes) -> bytes:
        """The PDF of a workbook, every sheet as its page setup prints it (503 as `from_docx`)."""
        return await self._convert(content, "xlsx")

    async def _convert(self, content: bytes, suffix: str) -> bytes:
        program = shutil.which(self.soffice)
        if program is None:
            raise _unavailable(f"{self.soffice} not found")
        async with _ONE_AT_A_TIME:
            with tempfile.TemporaryDirectory(prefix="emt-pdf-") as work:
                return await _convert(program, Path(work) / f"document.{suffix}", content)


async def _convert(program: str, source: Path, content: bytes) -> bytes:
    work = source.parent
    await asyncio.to_thread(source.write_bytes, content)
    # A profile of its own: a second LibreOffice sharing the user's profile would hand over to the first.
    profile = (work / "profile").as_uri()
    process = await asyncio.create_subprocess_exec(
        program,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(source),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise _unavailable(f"no answer in {TIMEOUT_SECONDS:.0f} s") from None
    produced = await asyncio.to_thread(_read_if_there, work / "document.pdf")
    if process.returncode != 0 or produced is None:
        raise _unavailable(stderr.decode(errors="replace").strip()[:300] or f"exit {process.returncode}")
    return produced


def _read_if_there(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None
