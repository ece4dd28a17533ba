"""What a council's pages say: sessions' states, the ballot's choices, how a published tally reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SESSION_STATUS_VI = {"planned": "Chưa họp", "open": "Đang họp", "closed": "Đã kết thúc"}
CHOICES = (("yes", "Đồng ý"), ("no", "Không đồng ý"), ("abstain", "Không biểu quyết"))
CHOICE_CODES = frozenset(code for code, _ in CHOICES)
MODE_VI = {"in_person": "bỏ phiếu tại phiên họp", "written": "bỏ phiếu bằng văn bản (vắng mặt)"}
PAGE = 20
RECORDED = "Đã ghi nhận phiếu"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
DONE_VI = {
    "planned": "Đã lên lịch phiên họp.",
    "attendance": "Đã ghi nhận danh sách có mặt.",
    "opened": "Đã khai mạc phiên họp: các thành viên bỏ phiếu.",
    "closed": "Đã bế mạc phiên họp và công bố kết quả kiểm phiếu.",
    "decided": "Đã ban hành quyết định khen thưởng.",
}


def vote_mode(present: Iterable[str], member: str) -> str:
    """In person if the member is present, else in writing (an absent member may still vote)."""
    return "in_person" if member in set(present) else "written"


def absent(members: Iterable[str], present: Iterable[str]) -> list[str]:
    """The members not present, in the council's order."""
    here = set(present)
    return [m for m in members if m not in here]


def passed_by_award(agenda: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """The items the council passed, grouped by award (a decision honours one award)."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for item in agenda:
        result = item.get("result") or {}
        if result.get("passed"):
            grouped.setdefault(str(item["award_code"]), []).append(item)
    return grouped


def tally_line(result: Mapping[str, Any]) -> str:
    """The published counts of one item, as a person reads them."""
    return (
        f"Đồng ý {result['yes']}, không đồng ý {result['no']}, không biểu quyết {result['abstain']}; "
        f"{result['votes_cast']} phiếu ({result['written']} bằng văn bản) "
        f"trên {result['members']} thành viên, {result['present']} có mặt."
    )
