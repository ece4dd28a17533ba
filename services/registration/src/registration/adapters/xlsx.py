"""Spreadsheets units work with: templates to fill, uploads to read, lists to export (openpyxl)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from emutrack_kit.spreadsheets import FIRST_DATA_ROW, XLSX_MEDIA_TYPE, read_rows, save, template
from emutrack_kit.spreadsheets import header as _header
from registration.domain.people import COLUMNS
from registration.domain.titles import TITLES

__all__ = [
    "XLSX_MEDIA_TYPE",
    "individual_template",
    "read_individual_rows",
    "read_rows",
    "save",
    "table",
    "template",
]


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
    validation.add(f"{title_column}{FIRST_DATA_ROW}:{title_column}5000")
    sheet.add_data_validation(validation)
    return save(book)


def read_individual_rows(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """Rows of an uploaded people sheet as (row number, {field: cell value}); blank rows skipped."""
    return read_rows(content, [(c.field, c.header) for c in COLUMNS])


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Any list exported as a sheet with a title row and Vietnamese headers."""
    return template(title, title.upper(), "", headers, list(rows))
