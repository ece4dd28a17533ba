"""Papers benchmark: a decision as DOCX (python-docx) and as PDF (LibreOffice headless, ADR 0028).

For decisions of 1, 50 and 300 awardees: (1) the DOCX built by review's adapter, p50 over R runs;
(2) the PDF through `emutrack_kit.pdf.PdfConverter` (temporary folder, own profile, one at a time),
p50 over R runs; (3) the raw limit beside it: the same `soffice --convert-to pdf` run by hand on the
same file, nothing of ours around it; (4) how many PDFs a process turns out per minute when C asks
come at once (they queue: one LibreOffice at a time per process).
Usage: `python -m bench.papers --runs 5 --concurrent 4`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

from emutrack_kit.pdf import PdfConverter
from review.adapters import papers_docx
from review.domain.papers import IssuedFacts, Row, decision_paper


def decision(awardees: int) -> bytes:
    """A city's decision of `awardees` people, as review's adapter writes it."""
    rows = tuple(
        Row(f"Nguyễn Văn Thành {i}", f"Phường Kim Giang {i % 14}", "Đồng ý 15/15") for i in range(awardees)
    )
    facts = IssuedFacts("1234/QĐ-UBND", date(2020, 12, 30), "Thành phố Hà Nội", "bang_khen_thanh_pho",
                        "Bằng khen của Chủ tịch UBND Thành phố", 2020, "QĐ 35/2024", rows)  # fmt: skip
    return papers_docx.build(decision_paper(facts))


def page_count(pdf: bytes) -> int:
    """The PDF's number of pages, as poppler's pdfinfo reads it."""
    info = subprocess.run(["pdfinfo", "-"], input=pdf, check=True, capture_output=True, text=False).stdout
    return int(next(line.split()[-1] for line in info.decode().splitlines() if line.startswith("Pages:")))


def raw_soffice(content: bytes) -> float:
    """Seconds of one `soffice --convert-to pdf` on the file, run by hand."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "d.docx"
        source.write_bytes(content)
        started = time.perf_counter()
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(Path(work) / 'p').as_uri()}", "--headless", "--convert-to",
             "pdf", "--outdir", work, str(source)], check=True, capture_output=True,
        )  # fmt: skip
        return time.perf_counter() - started


async def main(runs: int, concurrent: int) -> None:
    converter = PdfConverter()
    print("| awardees | pages | DOCX p50 | PDF p50 (ours) | raw soffice p50 |")
    print("|---|---|---|---|---|")
    for awardees in (1, 50, 300):
        docx_times, pdf_times, raw_times, pages = [], [], [], 0
        for _ in range(runs):
            started = time.perf_counter()
            content = decision(awardees)
            docx_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            pdf = await converter.from_docx(content)
            pdf_times.append(time.perf_counter() - started)
            raw_times.append(raw_soffice(content))
            pages = page_count(pdf)
        p50 = [statistics.median(t) for t in (docx_times, pdf_times, raw_times)]
        print(f"| {awardees} | {pages} | {p50[0] * 1000:.0f} ms | {p50[1]:.2f} s | {p50[2]:.2f} s |")
    content = decision(50)
    started = time.perf_counter()
    await asyncio.gather(*(converter.from_docx(content) for _ in range(concurrent)))
    elapsed = time.perf_counter() - started
    rate = concurrent / elapsed * 60
    print(f"\n{concurrent} asks at once (50 awardees): {elapsed:.1f} s, {rate:.0f} PDFs/min")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--concurrent", type=int, default=4)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs, arguments.concurrent))
