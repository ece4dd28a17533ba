"""The life of a registration: draft → submitted → approved, amended or withdrawn until the deadline.

After the round's deadline a registration is locked; only the receiving standing office
can still accept a late one, with a reason that is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import RegistrationDraftDiscarded, RegistrationStatusChanged
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import nfc
from registration.domain.history import HistoryEntry
from registration.domain.registrations import (
    CollectiveRegistration,
    RegistrationStatus,
    drafted_event,
    submitted_event,
)
from registration.domain.rounds import Round
from registration.domain.titles import Title

Transition = Literal["submit", "approve", "amend", "withdraw"]

STATUS_VI: dict[str, str] = {
    "draft": "Bản nháp",
    "submitted": "Đã gửi",
    "approved": "Đã duyệt",
    "withdrawn": "Đã rút",
    "locked": "Đã khóa",
}
_ALLOWED_FROM: dict[Transition, frozenset[str]] = {
    "submit": frozenset({"draft"}),
    "approve": frozenset({"submitted"}),
    "amend": frozenset({"draft", "submitted", "approved"}),
    "withdraw": frozenset({"draft", "submitted", "approved"}),
}
_TARGET: dict[Transition, RegistrationStatus] = {
    "submit": "submitted",
    "approve": "approved",
    "amend": "submitted",
    "withdraw": "withdrawn",
}
_VERB_VI: dict[Transition, str] = {"submit": "gửi", "approve": "duyệt", "amend": "sửa", "withdraw": "rút"}


@dataclass(frozen=True)
class Change:
    """A transition asked by `actor` at `now`, with its reason as written and, to amend, the new title."""

    transition: Transition
    actor: str
    now: datetime
    reason: str | None = None
    new_title: Title | None = None


@dataclass(frozen=True)
class StatusChange:
    """The registration after the change, the status it had, the event that tells it, its history entry."""

    registration: CollectiveRegistration
    previous_status: str
    event: Envelope
    entry: HistoryEntry


def is_locked(round_: Round, now: datetime) -> bool:
    """A registration is locked once its round's deadline has passed."""
    return now > round_.deadline


def change(current: CollectiveRegistration, request: Change, round_: Round) -> StatusChange:
    """Apply a transition before the deadline; refuse it with a clear reason otherwise."""
    what, now, new_title = request.transition, request.now, request.new_title
    _ensure_allowed(current, request, round_)
    # A draft stays a draft when amended; only `submit` sends it.
    target: RegistrationStatus = "draft" if current.status == "draft" and what == "amend" else _TARGET[what]
    updated = replace(current, status=target, title=new_title or current.title)
    if current.status == "draft" and target == "submitted":  # a draft is sent now
        updated = replace(updated, submitted_at=now, submitted_by=request.actor)
    entry = HistoryEntry(target, now, request.actor, request.reason)
    reason = nfc(request.reason) if request.reason else None
    if current.status == "draft":
        event = _draft_event(updated, request, round_, reason)
    else:
        event = _changed_event(current, updated, request, round_, reason)
    return StatusChange(updated, current.status, event, entry)


def _ensure_allowed(current: CollectiveRegistration, request: Change, round_: Round) -> None:
    what = request.transition
    if is_locked(round_, request.now):
        local = round_.deadline.astimezone(HANOI)
        raise Conflict(
            "REGISTRATION_LOCKED",
            f"Bản đăng ký đã khóa từ hạn chót {local:%H:%M} ngày {local:%d/%m/%Y} của đợt "
            f"'{round_.name}'; không thể {_VERB_VI[what]} nữa.",
            details={"deadline": round_.deadline.isoformat(), "receiving_unit_id": round_.receiving_unit_id},
        )
    if current.status not in _ALLOWED_FROM[what]:
        raise Conflict(
            "INVALID_STATUS",
            f"Không thể {_VERB_VI[what]} bản đăng ký đang ở trạng thái '{STATUS_VI[current.status]}'.",
            field="status",
            details={"status": current.status},
        )
    if what == "amend" and (request.new_title is None or request.new_title.code == current.title.code):
        raise Unprocessable(
            "NOTHING_TO_AMEND", "Danh hiệu mới trùng với danh hiệu đã đăng ký.", field="title_code"
        )


def _changed_event(
    current: CollectiveRegistration,
    updated: CollectiveRegistration,
    request: Change,
    round_: Round,
    reason: str | None,
) -> Envelope:
    return new_event(
        "registration.status_changed",
        unit_path=list(current.unit_path),
        actor=request.actor,
        occurred_at=request.now,
        payload=RegistrationStatusChanged(
            registration_id=current.registration_id,
            round_id=current.round_id,
            year=current.year,
            subject_kind="collective",
            subject_unit_id=current.unit_id,
            subject_name=current.unit_name,
            title_code=updated.title.code,
            title_name=updated.title.name,
            previous_title_code=current.title.code if request.new_title else None,
            receiving_unit_id=round_.receiving_unit_id,
            from_status=current.status,
            to_status=updated.status,
            reason=reason,
            changed_at=request.now,
        ),
    )


def _draft_event(
    updated: CollectiveRegistration, request: Change, round_: Round, reason: str | None
) -> Envelope:
    """A draft is the unit's own: sending it is `registration.submitted`, dropping it `draft_discarded`."""
    sent = replace(updated, submitted_by=request.actor, submitted_at=request.now)
    if request.transition == "submit":
        return submitted_event(sent, round_, request.actor)
    if request.transition == "amend":
        return drafted_event(sent, round_, request.actor)
    return new_event(
        "registration.draft_discarded",
        unit_path=list(updated.unit_path),
        actor=request.actor,
        occurred_at=request.now,
        payload=RegistrationDraftDiscarded(
            registration_id=updated.registration_id,
            round_id=updated.round_id,
            year=updated.year,
            subject_unit_id=updated.unit_id,
            reason=reason,
            discarded_at=request.now,
        ),
    )
