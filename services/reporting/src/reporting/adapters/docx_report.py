"""The summary report as a DOCX in the administrative layout of `emutrack_kit.docx_layout`: tables, charts."""

from __future__ import annotations

import io

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from emutrack_kit.docx_layout import (
    TABLE,
    TEXT_WIDTH_MM,
    Align,
    national_header,
    new_document,
    para,
    saved,
    signature_block,
    widths,
)
from reporting.adapters import charts
from reporting.domain.report import SIGNATURE_HINT, SIGNER, TITLE, SummaryReport
from reporting.domain.report_outline import Block, Chart, Heading, Paragraph, Table, outline

CHART_WIDTH = Mm(150)
CHART_DPI = 150  # 8-inch figures shown 150 mm wide: about 200 dpi on paper


def _table(doc: DocumentObject, block: Table) -> None:
    para(doc, block.caption, bold=True, italic=True, size=TABLE, before=6, after=3)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = "Table Grid"
    numbers = len(block.headers) - 2
    figure_mm = min(22.0, (TEXT_WIDTH_MM - 12 - 55) / max(numbers, 1))
    widths(table, (12, TEXT_WIDTH_MM - 12 - figure_mm * numbers, *([figure_mm] * numbers)))
    header = table.rows[0]
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    header_props.append(repeat)
    for cell, text in zip(header.cells, block.headers, strict=True):
        para(cell, text, size=TABLE, bold=True)
    for r, (line, row) in enumerate(zip(list(table.rows)[1:], block.rows, strict=True), start=1):
        is_total = block.total and r == len(block.rows)
        for i, (cell, text) in enumerate(zip(line.cells, row, strict=True)):
            para(cell, text, size=TABLE, bold=is_total, align=Align.LEFT if i == 1 else Align.CENTER)
    para(doc, "", size=Pt(6))


def _chart(doc: DocumentObject, report: SummaryReport, block: Chart) -> None:
    if block.name == "registrations_by_title":
        png = charts.registrations_by_title(
            report.unit_name,
            report.last_year,
            report.last.by("registrations_by_title"),
            report.last.by("individuals_by_title"),
            "png",
            CHART_DPI,
        )
    else:
        by_year = {y: f.by("awards_by_level") for y, f in zip(report.years, report.per_year, strict=True)}
        png = charts.awards_by_level(report.unit_name, by_year, "png", CHART_DPI, report.years_without_data)
    doc.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    doc.paragraphs[-1].alignment = Align.CENTER
    para(doc, block.caption, size=TABLE, italic=True, after=6)


def _block(doc: DocumentObject, report: SummaryReport, block: Block) -> None:
    if isinstance(block, Heading):
        paragraph = para(doc, block.text, bold=True, align=Align.JUSTIFY, indent=True, before=6, after=6)
        paragraph.paragraph_format.keep_with_next = True
    elif isinstance(block, Paragraph):
        para(doc, block.text, italic=block.placeholder, align=Align.JUSTIFY, indent=True, after=6)
    elif isinstance(block, Table):
        _table(doc, block)
    else:
        _chart(doc, report, block)


def build(report: SummaryReport) -> bytes:
    """The report as DOCX bytes."""
    doc = new_document()
    national_header(doc, report.parent_agency, report.agency, report.number, report.date_line)
    para(doc, TITLE, bold=True, before=18)
    first, second = report.subject_lines
    para(doc, first, bold=True)
    para(doc, second, bold=True, after=18)
    for block in outline(report):
        _block(doc, report, block)
    para(doc, "", after=6)
    signature_block(doc, report.recipients, [SIGNER, SIGNATURE_HINT])
    return saved(doc, f"{TITLE} {first} {second}", report.agency)
