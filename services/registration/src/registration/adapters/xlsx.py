"""Spreadsheets units work with: templates to fill, uploads to read, lists to export (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from emutrack_kit.errors import Unprocessable
from registration.domain.people import COLUMNS
from registration.domain.titles import TITLES

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FIRST_DATA_ROW = 4  # title, note, header, then data


def _header(sheet: Worksheet, title: str, note: str, headers: Sequence[str]) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = note
    sheet["A2"].font = Font(italic=True)
    for col, text in enumerate(["STT", *headers], start=1):
        cell = sheet.cell(row=3, column=col, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = 8 if col == 1 else 32
    sheet.freeze_panes = "B4"


def individual_template() -> bytes:
    """The sheet a unit fills with its people (Vietnamese headers, a list of valid titles)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Đăng ký cá nhân"
    _header(
        sheet,
        "DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA CÁ NHÂN",
        "Mỗi người một dòng, từ dòng 4. Ngày sinh dạng dd/mm/yyyy. Danh hiệu chọn trong danh sách.",
        [c.header for c in COLUMNS],
    )
    names = [t.name for t in TITLES.values() if t.subject_kind == "individual"]
    title_column = get_column_letter(len(COLUMNS) + 1)  # STT is column A
    validation = DataValidation(type="list", formula1='"' + ",".join(names) + '"', allow_blank=True)
    validation.add(f"{title_column}{_FIRST_DATA_ROW}:{title_column}5000")
    sheet.add_data_validation(validation)
    return save(book)


def read_individual_rows(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """Rows of an uploaded people sheet as (row number, {field: cell value}); blank rows skipped."""
    return read_rows(content, [(c.field, c.header) for c in COLUMNS])


def template(sheet_title: str, title: str, note: str, headers: Sequence[str]) -> bytes:
    """An empty sheet to fill: a title, how to fill it, the header row (data from row 4)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    _header(sheet, title, note, headers)
    return save(book)


def read_rows(content: bytes, columns: Sequence[tuple[str, str]]) -> list[tuple[int, dict[str, Any]]]:
    """Rows of a sheet made by `template` as (row number, {field: cell value}); blank rows skipped."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not XLSX
        raise Unprocessable(
            "NOT_A_SPREADSHEET", "Tệp tải lên không phải là bảng tính Excel (.xlsx) hợp lệ.", field="file"
        ) from exc
    sheet = book.worksheets[0]
    headers = [
        str(v).strip() if v is not None else "" for v in next(sheet.iter_rows(3, 3, values_only=True), ())
    ]
    expected = ["STT", *(header for _, header in columns)]
    if headers[: len(expected)] != expected:
        book.close()
        raise Unprocessable(
            "WRONG_TEMPLATE",
            "Dòng 3 của bảng tính không đúng mẫu; hãy tải mẫu mới và điền lại. Cần các cột: "
            + ", ".join(expected),
            field="file",
        )
    rows = []
    for number, values in enumerate(
        sheet.iter_rows(_FIRST_DATA_ROW, values_only=True), start=_FIRST_DATA_ROW
    ):
        cells = list(values[1 : len(columns) + 1])
        if all(v is None or str(v).strip() == "" for v in cells):
            continue
        rows.append((number, {field: v for (field, _), v in zip(columns, cells, strict=False)}))
    book.close()
    return rows


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Any list exported as a sheet with a title row and Vietnamese headers."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    _header(sheet, title.upper(), "", headers)
    for index, row in enumerate(rows, start=1):
        sheet.append([index, *row])
    return save(book)


def save(book: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
