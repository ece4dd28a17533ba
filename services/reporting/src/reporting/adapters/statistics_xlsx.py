"""The Ministry's statistics forms as one workbook (openpyxl): a sheet per form, laid out as filed."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from reporting.domain.statistics import Form

HEADER_ROW = 7
FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class Header:
    """What every sheet says above its table: the reporting unit, the years, the day it was made."""

    unit_name: str
    first: int
    last: int
    made_on: date

    @property
    def years(self) -> str:
        """The period as printed: one year, or the first and last."""
        return f"năm {self.first}" if self.first == self.last else f"các năm {self.first} – {self.last}"


def workbook(header: Header, forms: Sequence[Form]) -> bytes:
    """The forms, one sheet each (named by the form's number), as XLSX bytes."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for form in forms:
        _sheet(book.create_sheet(form.number), header, form)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(sheet: Worksheet, header: Header, form: Form) -> None:
    sheet["A1"] = f"Biểu số {form.code}"
    sheet["A1"].font = Font(name=FONT, bold=True)
    sheet["A2"] = form.title.upper()
    sheet["A2"].font = Font(name=FONT, bold=True, size=13)
    sheet["A3"] = f"Đơn vị báo cáo: {header.unit_name} (kể cả các đơn vị trực thuộc)"
    sheet["A4"] = f"Kỳ báo cáo: {header.years} (năm thi đua)"
    sheet["A3"].font = sheet["A4"].font = Font(name=FONT)
    sheet["A5"] = f"Ngày lập: {header.made_on:%d/%m/%Y}"
    sheet["A5"].font = Font(name=FONT, italic=True)
    headings = ("STT", form.row_heading, *form.columns)
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=heading)
        cell.font, cell.border = Font(name=FONT, bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = HEADER_ROW
    for row, (number, (name, values)) in enumerate(enumerate(form.rows, start=1), start=HEADER_ROW + 1):
        _line(sheet, row, (number, name, *values))
    _line(sheet, row + 1, ("", "Tổng số", *form.total), bold=True)
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 58
    for column in range(3, len(headings) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    # Printed (and as PDF): A4 landscape, every column on one page's width.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _line(sheet: Worksheet, row: int, values: Sequence[str | int], bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.border = BOX
        cell.font = Font(name=FONT, bold=bold)
        if column != 2:
            cell.alignment = Alignment(horizontal="center")
