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
from registration.domain.registrations import CollectiveRegistration, drafted_event, submitted_event
from registration.domain.rounds import Round
from registration.domain.titles import Title

Status = Literal["draft", "submitted", "approved", "withdrawn"]
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
_TARGET: dict[Transition, Status] = {
    "submit": "submitted",
    "approve": "approved",
    "amend": "submitted",
    "withdraw": "withdrawn",
}
_VERB_VI: dict[Transition, str] = {"submit": "gửi", "approve": "duyệt", "amend": "sửa", "withdraw": "rút"}
PRODUCER = "registration"


@dataclass(frozen=True)
class RegistrationState:
    """What the lifecycle rules need to know about a stored registration."""

    registration_id: str
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    unit_path: tuple[str, ...]
    title_code: str
    title_name: str
    status: Status


@dataclass(frozen=True)
class StatusChange:
    """The new state and the event that tells it."""

    state: RegistrationState
    event: Envelope


def is_locked(round_: Round, now: datetime) -> bool:
    """A registration is locked once its round's deadline has passed."""
    return now > round_.deadline


def change(
    current: RegistrationState,
    transition: Transition,
    *,
    round_: Round,
    actor: str,
    now: datetime,
    reason: str | None = None,
    new_title: Title | None = None,
) -> StatusChange:
    """Apply a transition before the deadline; refuse it with a clear reason otherwise."""
    if is_locked(round_, now):
        local = round_.deadline.astimezone(HANOI)
        raise Conflict(
            "REGISTRATION_LOCKED",
            f"Bản đăng ký đã khóa từ hạn chót {local:%H:%M} ngày {local:%d/%m/%Y} của đợt "
            f"'{round_.name}'; không thể {_VERB_VI[transition]} nữa.",
            details={"deadline": round_.deadline.isoformat(), "receiving_unit_id": round_.receiving_unit_id},
        )
    if current.status not in _ALLOWED_FROM[transition]:
        raise Conflict(
            "INVALID_STATUS",
            f"Không thể {_VERB_VI[transition]} bản đăng ký đang ở trạng thái '{STATUS_VI[current.status]}'.",
            field="status",
            details={"status": current.status},
        )
    if transition == "amend" and (new_title is None or new_title.code == current.title_code):
        raise Unprocessable(
            "NOTHING_TO_AMEND", "Danh hiệu mới trùng với danh hiệu đã đăng ký.", field="title_code"
        )
    # A draft stays a draft when amended; only `submit` sends it.
    target: Status = "draft" if current.status == "draft" and transition == "amend" else _TARGET[transition]
    updated = replace(
        current,
        status=target,
        title_code=new_title.code if new_title else current.title_code,
        title_name=new_title.name if new_title else current.title_name,
    )
    if current.status == "draft":
        return StatusChange(updated, _draft_event(updated, transition, round_, actor, now, reason))
    event = new_event(
        "registration.status_changed",
        producer=PRODUCER,
        unit_path=list(current.unit_path),
        actor=actor,
        occurred_at=now,
        payload=RegistrationStatusChanged(
            registration_id=current.registration_id,
            round_id=current.round_id,
            year=current.year,
            subject_kind="collective",
            subject_unit_id=current.unit_id,
            subject_name=current.unit_name,
            title_code=updated.title_code,
            title_name=updated.title_name,
            previous_title_code=current.title_code if new_title else None,
            receiving_unit_id=round_.receiving_unit_id,
            from_status=current.status,
            to_status=target,
            reason=reason,
            changed_at=now,
        ),
    )
    return StatusChange(updated, event)


def _draft_event(
    state: RegistrationState,
    transition: Transition,
    round_: Round,
    actor: str,
    now: datetime,
    reason: str | None,
) -> Envelope:
    """A draft is the unit's own: sending it is `registration.submitted`, dropping it `draft_discarded`."""
    registration = CollectiveRegistration(
        registration_id=state.registration_id,
        round_id=state.round_id,
        year=state.year,
        unit_id=state.unit_id,
        unit_name=state.unit_name,
        unit_path=state.unit_path,
        title=Title(state.title_code, state.title_name, "collective"),
        status=state.status,
        submitted_by=actor,
        submitted_at=now,
    )
    if transition == "submit":
        return submitted_event(registration, round_, actor)
    if transition == "amend":
        return drafted_event(registration, round_, actor)
    return new_event(
        "registration.draft_discarded",
        producer=PRODUCER,
        unit_path=list(state.unit_path),
        actor=actor,
        occurred_at=now,
        payload=RegistrationDraftDiscarded(
            registration_id=state.registration_id,
            round_id=state.round_id,
            year=state.year,
            subject_unit_id=state.unit_id,
            reason=reason,
            discarded_at=now,
        ),
    )
