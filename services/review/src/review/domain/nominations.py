"""A nomination at one level: received from the proposing unit, appraised or returned, then voted on.

`nomination.submitted` from registration makes (or re-opens) the nomination at the receiving
level; the level's standing office returns it with reasons (the submitter fixes and resubmits) or
accepts it after appraisal; council, decision and forwarding follow (other modules).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import fold

NominationStatus = Literal[
    "received", "returned", "appraised", "on_agenda", "voted", "decided", "forwarded", "not_passed"
]
STATUS_VI: dict[str, str] = {
    "received": "Đã tiếp nhận",
    "returned": "Trả lại để bổ sung",
    "appraised": "Đã thẩm định",
    "on_agenda": "Đưa ra Hội đồng",
    "voted": "Đã bỏ phiếu",
    "decided": "Đã có quyết định",
    "forwarded": "Đã trình cấp trên",
    "not_passed": "Không đủ phiếu",
}
_RECEIVABLE_FROM = frozenset({"returned"})  # a returned dossier comes back when resubmitted
MAX_REASONS = 20


def nomination_id(dossier_id: str, level_unit_id: str) -> str:
    """A nomination is a dossier at one level."""
    return f"{dossier_id}@{level_unit_id}"


def subject_key(kind: str, subject_unit_id: str | None, proposing_unit_id: str, subject_name: str) -> str:
    """Who a nomination is about, the same at every level: a collective's unit, or "<unit>|<folded name>".

    A person has no identifier across the system yet; their unit and accent-folded name stand for one.
    """
    if kind == "collective":
        return subject_unit_id or proposing_unit_id
    return f"{proposing_unit_id}|{fold(subject_name)}"


def quota_unit(kind: str, subject: str, proposing_unit_id: str) -> str:
    """The unit whose quotas a nomination uses: a person's unit, or the collective (its subject key)."""
    return proposing_unit_id if kind == "individual" else subject


def can_receive_again(status: str) -> bool:
    """True if a resubmission of the dossier re-opens the nomination (only after a return)."""
    return status in _RECEIVABLE_FROM


def check_return(status: str, reasons: Sequence[str]) -> list[str]:
    """A received nomination may be returned, with at least one reason the submitter can act on."""
    if status != "received":
        raise Conflict(
            "NOT_RETURNABLE",
            f"Chỉ trả lại được hồ sơ đang ở trạng thái '{STATUS_VI['received']}' "
            f"(hiện tại: '{STATUS_VI.get(status, status)}').",
            field="status",
        )
    cleaned = [r.strip() for r in reasons if r.strip()]
    if not cleaned:
        raise Unprocessable(
            "NO_RETURN_REASON", "Cần nêu ít nhất một lý do trả lại để đơn vị bổ sung.", field="reasons"
        )
    if len(cleaned) > MAX_REASONS:
        raise Unprocessable("TOO_MANY_REASONS", f"Tối đa {MAX_REASONS} lý do.", field="reasons")
    return cleaned


@dataclass(frozen=True)
class NominationFilter:
    """What a list of nominations is narrowed to (None: any); `q` matches the subject's name, any accents."""

    year: int | None = None
    round_id: str | None = None
    level_unit_id: str | None = None
    status: str | None = None
    award_code: str | None = None
    q: str | None = None
    proposing_unit_id: str | None = None
