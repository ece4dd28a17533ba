"""What the conference pages say and how their boxes are read (dd/mm/yyyy days, whole numbers)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from portal.domain.office import day_from_vi

BALANCE = (
    ("nu", "Đại biểu nữ"),
    ("tre", "Đại biểu trẻ tuổi"),
    ("dan_toc", "Đại biểu người dân tộc thiểu số"),
    ("ton_giao", "Đại biểu tôn giáo"),
    ("truc_tiep", "Đại biểu lao động trực tiếp"),
    ("nganh", "Số ngành, lĩnh vực có đại biểu"),
)
BELOW_VI = {
    "none": "Chưa lập kế hoạch",
    "planned": "Đã lập kế hoạch",
    "confirmed": "Đã chốt đại biểu",
    "reported": "Đã báo cáo",
}
DONE_VI = {
    "planned": "Đã lập kế hoạch hội nghị.",
    "sent": "Đã nhận danh sách đại biểu.",
    "confirmed": "Đã chốt danh sách đại biểu.",
    "reported": "Đã gửi báo cáo kết quả hội nghị.",
}


def plan_body(level_id: str, typed: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The plan as the service takes it, and a message per box typed wrong."""
    wrong: dict[str, str] = {}
    hold_by = _day(typed, "hold_by", wrong, required=True)
    reports_due = _day(typed, "reports_due", wrong, required=False)
    numbers = {name: _number(typed, name, wrong) for name in ("max_delegates", "exemplar_share")}
    minimums = {code: n for code, _ in BALANCE if (n := _number(typed, f"min_{code}", wrong)) is not None}
    body = {
        "level_unit_id": level_id, "name": typed.get("name", "").strip(),
        "hold_by": hold_by.isoformat() if hold_by else None, "max_delegates": numbers["max_delegates"],
        "exemplar_share": numbers["exemplar_share"] or 70, "minimums": minimums,
        "reports_due": reports_due.isoformat() if reports_due else None,
    }  # fmt: skip
    return body, wrong


def report_body(typed: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The results report as the service takes it, and a message per box typed wrong."""
    wrong: dict[str, str] = {}
    held_on = _day(typed, "held_on", wrong, required=True)
    attended, honoured = _number(typed, "attended", wrong), _number(typed, "honoured", wrong)
    body = {
        "held_on": held_on.isoformat() if held_on else None, "attended": attended or 0,
        "honoured": honoured or 0, "summary": typed.get("summary", "").strip(),
    }  # fmt: skip
    return body, wrong


def _day(typed: Mapping[str, str], name: str, wrong: dict[str, str], *, required: bool) -> date | None:
    text = typed.get(name, "").strip()
    if not text and not required:
        return None
    day = day_from_vi(text)
    if day is None:
        wrong[name] = "Ngày cần theo dạng dd/mm/yyyy, ví dụ 20/03/2020."
    return day


def _number(typed: Mapping[str, str], name: str, wrong: dict[str, str]) -> int | None:
    text = typed.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit():
        wrong[name] = "Cần một số nguyên, ví dụ 300."
        return None
    return int(text)
