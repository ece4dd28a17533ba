"""The spreadsheets reporting files (openpyxl), with Vietnamese titles and headers."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AWARDEE_HEADERS = (
    "STT",
    "Tên tập thể, cá nhân",
    "Tập thể / cá nhân",
    "Hình thức khen thưởng",
    "Số quyết định",
    "Ngày ký",
    "Cấp quyết định",
    "Đơn vị đề nghị",
)
WIDTHS = (6, 36, 14, 40, 18, 12, 14, 28)


def listing(title: str, subtitle: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A titled list: title and subtitle rows, bold headers, numbered rows, frozen under the headers."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet["A1"], sheet["A2"] = title, subtitle
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"].font = Font(italic=True)
    for column, (header, width) in enumerate(zip(headers, WIDTHS, strict=False), start=1):
        cell = sheet.cell(row=4, column=column, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
