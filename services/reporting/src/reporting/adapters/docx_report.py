"""The summary report as a DOCX (python-docx), laid out like an administrative document (NĐ 30/2020/NĐ-CP).

A4, margins 20/20/30/15 mm, Times New Roman; the national header as a borderless two-column table;
page numbers at the top from page 2; the charts as PNG pictures; the signature block and `Nơi nhận`.
"""

from __future__ import annotations

import io
from typing import TypedDict, Unpack

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from emutrack_kit.text import nfc
from reporting.adapters import charts
from reporting.domain.report import (
    MOTTO,
    NATION,
    RECIPIENTS_HEADING,
    SIGNATURE_HINT,
    SIGNER,
    TITLE,
    SummaryReport,
)
from reporting.domain.report_outline import Block, Chart, Heading, Paragraph, Table, outline

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
BODY, HEADER, TABLE, RECIPIENTS, RECIPIENT_LINES = Pt(14), Pt(13), Pt(13), Pt(12), Pt(11)
NATION_SIZE, PARENT_SIZE = Pt(12), Pt(12)  # one line each in their column (NĐ 30/2020: 12-13 pt)
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_COLUMNS_MM = (68, TEXT_WIDTH_MM - 68)
CHART_WIDTH = Mm(150)
CHART_DPI = 150  # 8-inch figures shown 150 mm wide: about 200 dpi on paper
Align = WD_ALIGN_PARAGRAPH


def _set_fonts(rpr: BaseOxmlElement) -> None:
    """Times New Roman for every script (no theme fonts), Vietnamese for proofing."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _page(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    # NĐ 30/2020: the page number at the top centre, from the second page on.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = Align.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    number._p.append(field)
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is not None:
        _set_fonts(rpr)
    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = BODY
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


class Look(TypedDict, total=False):
    """How a paragraph looks: size, bold, italic, alignment, first-line indent, points after and before."""

    size: Pt
    bold: bool
    italic: bool
    align: WD_ALIGN_PARAGRAPH
    indent: bool
    after: int
    before: int


def _para(target: DocumentObject | _Cell, text: str, **look: Unpack[Look]) -> DocxParagraph:
    """One paragraph of one run (NFC), formatted directly; a new cell's empty paragraph is used first."""
    fresh = isinstance(target, _Cell) and len(target.paragraphs) == 1 and not target.paragraphs[0].runs
    paragraph = target.paragraphs[0] if fresh else target.add_paragraph()
    run = paragraph.add_run(nfc(text))
    run.font.size = look.get("size", BODY)
    run.font.bold, run.font.italic = look.get("bold", False), look.get("italic", False)
    fmt = paragraph.paragraph_format
    fmt.alignment = look.get("align", Align.CENTER)
    fmt.space_after, fmt.space_before = Pt(look.get("after", 0)), Pt(look.get("before", 0))
    if look.get("indent", False):
        fmt.first_line_indent = Mm(10)
    return paragraph


def _rule(cell: _Cell, width_mm: float, line_mm: float) -> None:
    """The short line under a name or the motto: a bottom border between narrowed indents."""
    paragraph = cell.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((width_mm - line_mm) / 2)
    fmt.space_after = Pt(6)
    paragraph.add_run().font.size = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _borderless(table: DocxTable, widths_mm: tuple[float, ...]) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tblPr.append(borders)
    _widths(table, widths_mm)


def _widths(table: DocxTable, widths_mm: tuple[float, ...]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:  # row by row: `table.cell()` rebuilds the whole grid on every call
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _national_header(doc: DocumentObject, report: SummaryReport) -> None:
    table = doc.add_table(rows=2, cols=2)
    _borderless(table, HEADER_COLUMNS_MM)
    left, right = table.cell(0, 0), table.cell(0, 1)
    if report.parent_agency:
        _para(left, report.parent_agency.upper(), size=PARENT_SIZE)
    _para(left, report.agency.upper(), size=HEADER, bold=True)
    _rule(left, HEADER_COLUMNS_MM[0], 25)
    _para(right, NATION, size=NATION_SIZE, bold=True)
    _para(right, MOTTO, size=BODY, bold=True)
    _rule(right, HEADER_COLUMNS_MM[1], 55)
    _para(table.cell(1, 0), report.number, size=HEADER)
    _para(table.cell(1, 1), report.date_line, size=BODY, italic=True)


def _table(doc: DocumentObject, block: Table) -> None:
    _para(doc, block.caption, bold=True, italic=True, size=TABLE, before=6, after=3)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = "Table Grid"
    numbers = len(block.headers) - 2
    figure_mm = min(22.0, (TEXT_WIDTH_MM - 12 - 55) / max(numbers, 1))
    _widths(table, (12, TEXT_WIDTH_MM - 12 - figure_mm * numbers, *([figure_mm] * numbers)))
    header = table.rows[0]
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    header_props.append(repeat)
    for cell, text in zip(header.cells, block.headers, strict=True):
        _para(cell, text, size=TABLE, bold=True)
    for r, (line, row) in enumerate(zip(list(table.rows)[1:], block.rows, strict=True), start=1):
        is_total = block.total and r == len(block.rows)
        for i, (cell, text) in enumerate(zip(line.cells, row, strict=True)):
            _para(cell, text, size=TABLE, bold=is_total, align=Align.LEFT if i == 1 else Align.CENTER)
    _para(doc, "", size=Pt(6))


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
    _para(doc, block.caption, size=TABLE, italic=True, after=6)


def _block(doc: DocumentObject, report: SummaryReport, block: Block) -> None:
    if isinstance(block, Heading):
        paragraph = _para(doc, block.text, bold=True, align=Align.JUSTIFY, indent=True, before=6, after=6)
        paragraph.paragraph_format.keep_with_next = True
    elif isinstance(block, Paragraph):
        _para(doc, block.text, italic=block.placeholder, align=Align.JUSTIFY, indent=True, after=6)
    elif isinstance(block, Table):
        _table(doc, block)
    else:
        _chart(doc, report, block)


def _signature(doc: DocumentObject, report: SummaryReport) -> None:
    table = doc.add_table(rows=1, cols=2)
    _borderless(table, (TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2))
    left, right = table.cell(0, 0), table.cell(0, 1)
    _para(left, RECIPIENTS_HEADING, size=RECIPIENTS, bold=True, italic=True, align=Align.LEFT)
    for line in report.recipients:
        _para(left, line, size=RECIPIENT_LINES, align=Align.LEFT)
    _para(right, SIGNER, size=BODY, bold=True)
    _para(right, SIGNATURE_HINT, size=BODY, italic=True)


def build(report: SummaryReport) -> bytes:
    """The report as DOCX bytes."""
    doc = Document()
    _page(doc)
    _national_header(doc, report)
    _para(doc, TITLE, bold=True, before=18)
    first, second = report.subject_lines
    _para(doc, first, bold=True)
    _para(doc, second, bold=True, after=18)
    for block in outline(report):
        _block(doc, report, block)
    _para(doc, "", after=6)
    _signature(doc, report)
    props = doc.core_properties
    props.title = nfc(f"{TITLE} {first} {second}")
    props.author = report.agency
    props.language = "vi-VN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
