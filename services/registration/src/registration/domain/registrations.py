"""Registrations (đăng ký thi đua): what a unit commits to strive for in a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import RegistrationDrafted, RegistrationSubmitted
from emutrack_kit.errors import Conflict, Unprocessable
from registration.domain.history import HistoryEntry
from registration.domain.listing import ListFilter
from registration.domain.org import Unit, is_within
from registration.domain.rounds import Round
from registration.domain.titles import Title

RegistrationStatus = Literal["draft", "submitted", "approved", "locked", "withdrawn"]


@dataclass(frozen=True)
class CollectiveRegistration:
    """A unit's registration for a collective title in a round."""

    registration_id: str
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    unit_path: tuple[str, ...]
    title: Title
    status: RegistrationStatus
    submitted_by: str
    submitted_at: datetime
    receiving_unit_id: str
    late_reason: str | None = None
    history: tuple[HistoryEntry, ...] = ()


@dataclass(frozen=True)
class Application:
    """A unit's request to register for a title: late ones carry a reason, drafts are only saved."""

    registration_id: str
    unit: Unit
    unit_path: tuple[str, ...]
    title: Title
    actor: str
    late_reason: str | None = None
    draft: bool = False


@dataclass(frozen=True)
class RegistrationFilter(ListFilter):
    """What a list of registrations keeps, also by title; `q`: a unit name in any accents."""

    title_code: str | None = None


def submit_collective(
    application: Application, round_: Round, now: datetime
) -> tuple[CollectiveRegistration, Envelope]:
    """Submit a collective registration into an open round; return it and its event.

    With a `late_reason`, the receiving standing office accepts it after the deadline; a `draft`
    is only saved (sent later with the `submit` transition).
    """
    unit = application.unit
    if round_.kind != "registration":
        raise Unprocessable(
            "ROUND_NOT_FOR_REGISTRATION",
            f"Đợt '{round_.name}' không phải là đợt đăng ký thi đua.",
            field="round_id",
        )
    if not is_within(application.unit_path, round_.receiving_unit_id):
        raise Unprocessable(
            "UNIT_OUTSIDE_ROUND",
            f"Đơn vị '{unit.name}' không thuộc phạm vi của đợt '{round_.name}' "
            f"(do {round_.receiving_unit_name} tiếp nhận).",
            field="unit_id",
        )
    if application.late_reason is None:
        round_.ensure_open(now, unit.unit_id)
    elif now <= round_.deadline:
        raise Conflict(
            "ROUND_STILL_OPEN",
            f"Đợt '{round_.name}' vẫn còn hạn: đơn vị tự gửi đăng ký, không cần tiếp nhận muộn.",
            field="round_id",
        )
    status: RegistrationStatus = "draft" if application.draft else "submitted"
    registration = CollectiveRegistration(
        registration_id=application.registration_id,
        round_id=round_.round_id,
        year=round_.year,
        unit_id=unit.unit_id,
        unit_name=unit.name,
        unit_path=application.unit_path,
        title=application.title,
        status=status,
        submitted_by=application.actor,
        submitted_at=now,
        receiving_unit_id=round_.receiving_unit_id,
        late_reason=application.late_reason,
        history=(HistoryEntry(status, now, application.actor, application.late_reason),),
    )
    if application.draft:
        return registration, drafted_event(registration, round_, application.actor)
    return registration, submitted_event(registration, round_, application.actor, application.late_reason)


def submitted_event(
    registration: CollectiveRegistration, round_: Round, actor: str, late_reason: str | None = None
) -> Envelope:
    """`registration.submitted`: the receiving level, review and reporting hear of it from now on."""
    return new_event(
        "registration.submitted",
        unit_path=list(registration.unit_path),
        actor=actor,
        occurred_at=registration.submitted_at,
        payload=RegistrationSubmitted(
            registration_id=registration.registration_id,
            round_id=round_.round_id,
            round_name=round_.name,
            year=round_.year,
            subject_kind="collective",
            subject_unit_id=registration.unit_id,
            subject_name=registration.unit_name,
            title_code=registration.title.code,
            title_name=registration.title.name,
            receiving_unit_id=round_.receiving_unit_id,
            submitted_at=registration.submitted_at,
            late_reason=late_reason,
        ),
    )


def drafted_event(registration: CollectiveRegistration, round_: Round, actor: str) -> Envelope:
    """`registration.drafted`: the unit's own draft (consumers that count ignore it)."""
    return new_event(
        "registration.drafted",
        unit_path=list(registration.unit_path),
        actor=actor,
        occurred_at=registration.submitted_at,
        payload=RegistrationDrafted(
            registration_id=registration.registration_id,
            round_id=round_.round_id,
            year=round_.year,
            subject_unit_id=registration.unit_id,
            subject_name=registration.unit_name,
            title_code=registration.title.code,
            title_name=registration.title.name,
            receiving_unit_id=round_.receiving_unit_id,
            drafted_at=registration.submitted_at,
        ),
    )
