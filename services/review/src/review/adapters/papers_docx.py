"""A decision or a submission as DOCX, in the administrative layout of `emutrack_kit.docx_layout`."""

from __future__ import annotations

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
from review.domain.papers import Paper


def build(paper: Paper) -> bytes:
    """The paper's bytes: header, title, body, signature, then the appended list of awardees."""
    doc = new_document()
    national_header(doc, paper.parent_agency, paper.agency, paper.number_line, paper.date_line)
    para(doc, paper.title, bold=True, before=18)
    para(doc, paper.subject, bold=True, after=12)
    if paper.addressee:
        para(doc, paper.addressee, after=12)
    for line in paper.body:
        centred = line == "QUYẾT ĐỊNH:"
        align = Align.CENTER if centred else Align.JUSTIFY
        para(doc, line, bold=centred, align=align, indent=not centred, after=6)
    para(doc, "", after=6)
    signature_block(doc, paper.recipients, paper.signer)
    doc.add_section()  # the appended list starts on a page of its own
    for line in paper.appendix_title:
        para(doc, line, bold=not line.startswith("("), italic=line.startswith("("))
    para(doc, "", after=6)
    headers = ["TT", "Tên tập thể, cá nhân", "Đơn vị", *(["Kết quả bỏ phiếu"] if paper.with_tally else [])]
    table = doc.add_table(rows=1 + len(paper.rows), cols=len(headers))
    table.style = "Table Grid"
    widths(table, (12, 70, 40, TEXT_WIDTH_MM - 122) if paper.with_tally else (12, 90, TEXT_WIDTH_MM - 102))
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        para(cell, text, size=TABLE, bold=True)
    for number, (line, row) in enumerate(zip(list(table.rows)[1:], paper.rows, strict=True), start=1):
        values = [str(number), row.name, row.unit_name, *([row.tally] if paper.with_tally else [])]
        for i, (cell, text) in enumerate(zip(line.cells, values, strict=True)):
            para(cell, text, size=TABLE, align=Align.CENTER if i == 0 else Align.LEFT)
    return saved(doc, f"{paper.title} {paper.subject}", paper.agency)
