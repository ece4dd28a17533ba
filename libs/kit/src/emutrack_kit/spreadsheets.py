"""Sheets people fill and send back (openpyxl): a titled template, and its rows read with their numbers.

The layout every service's templates share: a title (row 1), how to fill it (row 2), the header row
(row 3: "STT" then the columns), data from row 4. A file that is not a workbook, or whose row 3 is not
the template's, is refused with a message saying what to do.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from fastapi import UploadFile
from fastapi.responses import Response
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from emutrack_kit.errors import TooLarge, Unprocessable

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_DATA_ROW = 4  # title, note, header, then data
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def header(sheet: Worksheet, title: str, note: str, headers: Sequence[str]) -> None:
    """Write the title, the note and the header row ("STT" first), frozen under the header."""
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


def template(
    sheet_title: str, title: str, note: str, headers: Sequence[str], rows: Sequence[Sequence[Any]] = ()
) -> bytes:
    """A sheet to fill: a title, how to fill it, the header row, and any rows given (data from row 4)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    header(sheet, title, note, headers)
    for index, row in enumerate(rows, start=1):
        sheet.append([index, *row])
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
    expected = ["STT", *(heading for _, heading in columns)]
    if headers[: len(expected)] != expected:
        book.close()
        raise Unprocessable(
            "WRONG_TEMPLATE",
            "Dòng 3 của bảng tính không đúng mẫu; hãy tải mẫu mới và điền lại. Cần các cột: "
            + ", ".join(expected),
            field="file",
        )
    rows = []
    for number, values in enumerate(sheet.iter_rows(FIRST_DATA_ROW, values_only=True), start=FIRST_DATA_ROW):
        cells = list(values[1 : len(columns) + 1])
        if all(v is None or str(v).strip() == "" for v in cells):
            continue
        rows.append((number, {field: v for (field, _), v in zip(columns, cells, strict=False)}))
    book.close()
    return rows


def save(book: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> Response:
    """An .xlsx download."""
    return Response(
        content,
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


async def read_spreadsheet(file: UploadFile) -> bytes:
    """An uploaded spreadsheet's bytes, refused with 413 beyond the limit."""
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise TooLarge(
            "FILE_TOO_LARGE",
            f"Tệp lớn hơn {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; hãy chia nhỏ danh sách.",
            field="file",
        )
    return content
