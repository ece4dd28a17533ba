"""Forms 1 and 2 and the emulation-models form as spreadsheets, in the layout of the plans (openpyxl).

Layout: unit name (row 1), form label (2), title (3), how to fill it (4), group headers (5,
merged over the group's columns), column headers (6), rows from 7. Exports add the signature
block "Thủ trưởng đơn vị (Ký, đóng dấu)" under the rows, as on paper.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from emutrack_kit.errors import Unprocessable
from registration.adapters.xlsx import save
from registration.domain.forms import FormSpec

FIRST_ROW = 7
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_NOTE = (
    "Mỗi {who} một dòng, từ dòng 7. Danh hiệu, hình thức khen thưởng: ghi tên đầy đủ, "
    "nhiều mục cách nhau bởi dấu chấm phẩy (;)."
)


def _headers(spec: FormSpec, first: int, last: int) -> list[str]:
    return ["TT", *(spec.header_for(c, first, last) for c in spec.columns)]


def _layout(sheet: Worksheet, spec: FormSpec, unit_name: str, first: int, last: int) -> None:
    width = len(spec.columns) + 1
    sheet["A1"] = f"TÊN ĐƠN VỊ: {unit_name or '.....'}"
    sheet["A1"].font = Font(bold=True)
    sheet["A2"] = spec.label
    sheet["A2"].font = Font(italic=True)
    sheet["A3"] = spec.title_for(first, last)
    sheet["A3"].font = Font(bold=True, size=13)
    sheet["A3"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    sheet["A4"] = _NOTE.format(who="tập thể" if spec.subject_kind == "collective" else "cá nhân")
    sheet["A4"].font = Font(italic=True)
    headers = _headers(spec, first, last)
    groups = [None, *(c.group for c in spec.columns)]
    col = 1
    while col <= width:
        group = groups[col - 1]
        if group is None:
            sheet.cell(row=5, column=col, value=headers[col - 1])
            sheet.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
            col += 1
            continue
        end = col
        while end + 1 <= width and groups[end] == group:
            end += 1
        sheet.cell(row=5, column=col, value=group)
        sheet.merge_cells(start_row=5, start_column=col, end_row=5, end_column=end)
        for c in range(col, end + 1):
            sheet.cell(row=6, column=c, value=headers[c - 1])
        col = end + 1
    for row in (5, 6):
        for c in range(1, width + 1):
            cell = sheet.cell(row=row, column=c)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            cell.border = _BOX
    for c in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 6 if c == 1 else 28
    sheet.freeze_panes = f"B{FIRST_ROW}"


def form_template(spec: FormSpec, unit_name: str, first: int, last: int) -> bytes:
    """The empty form a unit fills (Vietnamese headers in the plan's layout)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = spec.label[:31]
    _layout(sheet, spec, unit_name, first, last)
    return save(book)


def filled_form(
    spec: FormSpec, unit_name: str, first: int, last: int, rows: Sequence[dict[str, Any]]
) -> bytes:
    """A stored form back as the sheet the unit files, with the signature block."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = spec.label[:31]
    _layout(sheet, spec, unit_name, first, last)
    for index, row in enumerate(rows, start=1):
        values: list[Any] = [index]
        for column in spec.columns:
            value = row.get(column.field)
            values.append("; ".join(a["name"] for a in value or []) if column.awards else (value or ""))
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=FIRST_ROW + index - 1, column=c, value=value)
            cell.border = _BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    footer = FIRST_ROW + len(rows) + 1
    last_col = len(spec.columns) + 2  # right of the table: a re-uploaded export reads the same rows
    sheet.cell(row=footer, column=last_col, value="Thủ trưởng đơn vị").font = Font(bold=True)
    sheet.cell(row=footer + 1, column=last_col, value="(Ký, đóng dấu)").font = Font(italic=True)
    return save(book)


def read_form_rows(spec: FormSpec, content: bytes, first: int, last: int) -> list[tuple[int, dict[str, Any]]]:
    """Rows of an uploaded form as (row number, {field: value}); blank rows skipped."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not XLSX
        raise Unprocessable(
            "NOT_A_SPREADSHEET", "Tệp tải lên không phải là bảng tính Excel (.xlsx) hợp lệ.", field="file"
        ) from exc
    sheet = book.worksheets[0]
    top = list(next(sheet.iter_rows(5, 5, values_only=True), ()))
    bottom = list(next(sheet.iter_rows(6, 6, values_only=True), ()))
    expected = _headers(spec, first, last)
    found = []
    for index in range(len(expected)):
        below = bottom[index] if index < len(bottom) else None
        above = top[index] if index < len(top) else None
        value = below if below not in (None, "") else above
        found.append(" ".join(str(value).split()) if value is not None else "")
    if found != [" ".join(h.split()) for h in expected]:
        book.close()
        raise Unprocessable(
            "WRONG_TEMPLATE",
            f"Dòng 5-6 của bảng tính không đúng {spec.label} của đợt này; hãy tải mẫu mới và điền lại. "
            "Cần các cột: " + ", ".join(expected),
            field="file",
        )
    rows = []
    for number, values in enumerate(sheet.iter_rows(FIRST_ROW, values_only=True), start=FIRST_ROW):
        cells = list(values[1 : len(spec.columns) + 1])
        if all(v is None or str(v).strip() == "" for v in cells):
            continue
        rows.append((number, {c.field: v for c, v in zip(spec.columns, cells, strict=False)}))
    book.close()
    return rows
