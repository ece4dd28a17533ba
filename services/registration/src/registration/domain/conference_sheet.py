"""The delegates' sheet of a conference: its columns, and the delegates read from its rows."""

from __future__ import annotations

from collections.abc import Sequence

from emutrack_kit.text import fold, nfc
from registration.domain.conferences import Category, Delegate
from registration.domain.people import RowError

# The delegates' sheet: (field, header); a flag column is ticked with "x".
DELEGATE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("full_name", "Họ và tên"),
    ("category", "Loại đại biểu (Điển hình / Khách mời)"),
    ("unit_name", "Chức vụ, đơn vị"),
    ("sector", "Ngành, lĩnh vực"),
    ("female", "Nữ (x)"),
    ("young", "Trẻ tuổi (x)"),
    ("ethnic_minority", "Dân tộc thiểu số (x)"),
    ("religious", "Tôn giáo (x)"),
    ("direct_worker", "Lao động trực tiếp (x)"),
    ("honoured", "Được biểu dương (x)"),
    ("sent_up", "Đi dự cấp trên (x)"),
)
_TICKED = frozenset({"x", "co", "1", "yes", "true"})


def delegates_from_rows(
    rows: Sequence[tuple[int, dict[str, object]]],
) -> tuple[list[Delegate], list[RowError]]:
    """The delegates of an uploaded sheet, or every cell at fault with its row and column."""
    headers = dict(DELEGATE_COLUMNS)
    delegates: list[Delegate] = []
    errors: list[RowError] = []
    for number, cells in rows:
        name = nfc(str(cells.get("full_name") or "")).strip()
        kind = fold(str(cells.get("category") or ""))
        category: Category | None = None
        if kind.startswith("dien hinh"):
            category = "dien_hinh"
        elif kind.startswith(("khach", "lanh dao")):
            category = "khach_moi"
        if len(name) < 2:
            errors.append(RowError(number, headers["full_name"], "Cần họ và tên."))
        if category is None:
            errors.append(RowError(number, headers["category"], "Ghi 'Điển hình' hoặc 'Khách mời'."))
        if len(name) < 2 or category is None:
            continue

        delegates.append(_delegate(name, category, cells))
    return delegates, errors


def _delegate(name: str, category: Category, cells: dict[str, object]) -> Delegate:
    def text(field: str) -> str:
        return nfc(str(cells.get(field) or "")).strip()

    def ticked(field: str) -> bool:
        return fold(str(cells.get(field) or "")) in _TICKED

    return Delegate(
        full_name=name, category=category, unit_name=text("unit_name"), sector=text("sector"),
        female=ticked("female"), young=ticked("young"), ethnic_minority=ticked("ethnic_minority"),
        religious=ticked("religious"), direct_worker=ticked("direct_worker"), honoured=ticked("honoured"),
        sent_up=ticked("sent_up"),
    )  # fmt: skip
