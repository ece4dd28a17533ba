"""Administrative documents as DOCX (python-docx), laid out as NĐ 30/2020/NĐ-CP asks.

A4, margins 20/20/30/15 mm, Times New Roman for every script, page numbers at the top from page 2;
the national header as a borderless two-column table; paragraphs of one run, NFC; the signature
block beside `Nơi nhận`. Shared by reporting's summary reports and review's decisions.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
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

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
BODY, HEADER, TABLE, RECIPIENTS, RECIPIENT_LINES = Pt(14), Pt(13), Pt(13), Pt(12), Pt(11)
NATION_SIZE, PARENT_SIZE = Pt(12), Pt(12)  # one line each in their column (NĐ 30/2020: 12-13 pt)
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_COLUMNS_MM = (68, TEXT_WIDTH_MM - 68)
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_HEADING = "Nơi nhận:"
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


def new_document() -> DocumentObject:
    """An empty A4 document with the page, fonts and page numbers of an administrative document."""
    doc = Document()
    _page(doc)
    return doc


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


def para(target: DocumentObject | _Cell, text: str, **look: Unpack[Look]) -> DocxParagraph:
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


def rule(cell: _Cell, width_mm: float, line_mm: float) -> None:
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


def borderless(table: DocxTable, widths_mm: tuple[float, ...]) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tblPr.append(borders)
    widths(table, widths_mm)


def widths(table: DocxTable, widths_mm: tuple[float, ...]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:  # row by row: `table.cell()` rebuilds the whole grid on every call
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def national_header(
    doc: DocumentObject, parent_agency: str | None, agency: str, number: str, date_line: str
) -> None:
    """The agency (under its parent) and its number on the left, the nation, motto and date on the right."""
    table = doc.add_table(rows=2, cols=2)
    borderless(table, HEADER_COLUMNS_MM)
    left, right = table.cell(0, 0), table.cell(0, 1)
    if parent_agency:
        para(left, parent_agency.upper(), size=PARENT_SIZE)
    para(left, agency.upper(), size=HEADER, bold=True)
    rule(left, HEADER_COLUMNS_MM[0], 25)
    para(right, NATION, size=NATION_SIZE, bold=True)
    para(right, MOTTO, size=BODY, bold=True)
    rule(right, HEADER_COLUMNS_MM[1], 55)
    para(table.cell(1, 0), number, size=HEADER)
    para(table.cell(1, 1), date_line, size=BODY, italic=True)


def signature_block(doc: DocumentObject, recipients: Sequence[str], signer: Sequence[str]) -> None:
    """`Nơi nhận` and its lines on the left; the signer's lines (bold first, then hints) on the right."""
    table = doc.add_table(rows=1, cols=2)
    borderless(table, (TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2))
    left, right = table.cell(0, 0), table.cell(0, 1)
    para(left, RECIPIENTS_HEADING, size=RECIPIENTS, bold=True, italic=True, align=Align.LEFT)
    for line in recipients:
        para(left, line, size=RECIPIENT_LINES, align=Align.LEFT)
    for i, line in enumerate(signer):
        para(right, line, size=BODY, bold=i == 0 or not line.startswith("("), italic=line.startswith("("))


def saved(doc: DocumentObject, title: str, author: str) -> bytes:
    """The document's bytes, with its title, author and language."""
    props = doc.core_properties
    props.title, props.author, props.language = nfc(title), author, "vi-VN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
