"""The sheet of central outcomes: the nominations waiting above the city, and the rows the office fills in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from emutrack_kit.text import fold, nfc
from review.domain.central import CentralOutcome
from review.domain.history import label
from review.domain.nomination_record import NominationRecord

COLUMNS = (
    ("nomination_id", "Mã hồ sơ (không sửa)"),
    ("subject_name", "Tên tập thể, cá nhân"),
    ("proposing_unit", "Đơn vị trình"),
    ("award", "Hình thức khen thưởng"),
    ("sent_on", "Ngày trình Trung ương"),
    ("result", "Kết quả (Được khen / Không khen)"),
    ("number", "Số quyết định, văn bản"),
    ("signed_on", "Ngày ký (dd/mm/yyyy)"),
    ("decided_by", "Cấp quyết định"),
    ("reason", "Lý do (nếu không khen)"),
)
TITLE = "KẾT QUẢ KHEN THƯỞNG CỦA TRUNG ƯƠNG"
NOTE = (
    "Mỗi hồ sơ một dòng. Điền cột Kết quả (Được khen hoặc Không khen), số và ngày ký (dd/mm/yyyy) của quyết "
    "định; khi không khen, ghi lý do. Dòng để trống cột Kết quả được bỏ qua."
)
AWARDED, NOT_AWARDED = "được khen", "không khen"
REQUIRED = {
    "nomination_id": "thiếu mã hồ sơ; hãy tải lại mẫu",
    "number": "thiếu số quyết định, văn bản",
    "decided_by": "thiếu cấp quyết định",
}


@dataclass(frozen=True)
class RowError:
    """What is wrong in one row of the sheet, in which column."""

    row: int
    field: str
    message: str

    def shown(self) -> dict[str, object]:
        """As the sheet's refusal lists it: the row, the column's heading and field, the message."""
        heading = dict(COLUMNS).get(self.field, "")
        return {"row": self.row, "column": heading, "field": self.field, "message": self.message}


def template_rows(waiting: list[NominationRecord], unit_names: dict[str, str]) -> list[list[Any]]:
    """One row per nomination waiting above the city, the columns to fill left empty."""
    rows: list[list[Any]] = []
    for r in waiting:
        package = r.export_package
        sent_on = f"{package.prepared_on:%d/%m/%Y}" if package else ""
        decided_by = package.addressed_to if package else ""
        proposing = unit_names.get(r.proposing_unit_id, r.proposing_unit_name)
        rows.append(
            [
                r.nomination_id,
                r.subject_name,
                proposing,
                label(r.award_code),
                sent_on,
                "",
                "",
                "",
                decided_by,
                "",
            ]
        )
    return rows


def _text(value: Any) -> str:
    return nfc(str(value).strip()) if value is not None else ""


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parts = _text(value).split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def outcome_of_row(number: int, values: dict[str, Any]) -> tuple[str, CentralOutcome] | RowError | None:
    """(nomination, outcome) of a filled row, None for a row left without a result, or what is wrong."""
    result = fold(_text(values.get("result")))
    if not result:
        return None
    if result not in (fold(AWARDED), fold(NOT_AWARDED)):
        return RowError(number, "result", f"Dòng {number}: cột Kết quả ghi 'Được khen' hoặc 'Không khen'.")
    for field, missing in REQUIRED.items():
        if not _text(values.get(field)):
            return RowError(number, field, f"Dòng {number}: {missing}.")
    day = _day(values.get("signed_on"))
    if day is None:
        return RowError(number, "signed_on", f"Dòng {number}: ngày ký cần theo dạng dd/mm/yyyy.")
    texts = {field: _text(values.get(field)) for field in ("number", "decided_by", "reason")}
    outcome = CentralOutcome(
        texts["number"], day, texts["decided_by"], result == fold(AWARDED), texts["reason"]
    )
    return _text(values.get("nomination_id")), outcome
