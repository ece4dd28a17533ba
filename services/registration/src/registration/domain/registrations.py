"""Registrations (đăng ký thi đua): what a unit commits to strive for in a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import RegistrationDrafted, RegistrationSubmitted
from emutrack_kit.errors import Conflict, Unprocessable
from registration.domain.org import Unit, is_within
from registration.domain.rounds import Round
from registration.domain.titles import Title

RegistrationStatus = Literal["draft", "submitted", "approved", "locked", "withdrawn"]
PRODUCER = "registration"


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


def submit_collective(
    *,
    registration_id: str,
    round_: Round,
    unit: Unit,
    unit_path: tuple[str, ...],
    title: Title,
    actor: str,
    now: datetime,
    late_reason: str | None = None,
    draft: bool = False,
) -> tuple[CollectiveRegistration, Envelope]:
    """Submit a collective registration into an open round; return it and its event.

    With `late_reason`, the receiving standing office accepts it after the deadline; with
    `draft`, the officer only saves it (sent later with the `submit` transition).
    """
    if round_.kind != "registration":
        raise Unprocessable(
            "ROUND_NOT_FOR_REGISTRATION",
            f"Đợt '{round_.name}' không phải là đợt đăng ký thi đua.",
            field="round_id",
        )
    if not is_within(unit_path, round_.receiving_unit_id):
        raise Unprocessable(
            "UNIT_OUTSIDE_ROUND",
            f"Đơn vị '{unit.name}' không thuộc phạm vi của đợt '{round_.name}' "
            f"(do {round_.receiving_unit_name} tiếp nhận).",
            field="unit_id",
        )
    if late_reason is None:
        round_.ensure_open(now, unit.unit_id)
    elif now <= round_.deadline:
        raise Conflict(
            "ROUND_STILL_OPEN",
            f"Đợt '{round_.name}' vẫn còn hạn: đơn vị tự gửi đăng ký, không cần tiếp nhận muộn.",
            field="round_id",
        )
    registration = CollectiveRegistration(
        registration_id=registration_id,
        round_id=round_.round_id,
        year=round_.year,
        unit_id=unit.unit_id,
        unit_name=unit.name,
        unit_path=unit_path,
        title=title,
        status="draft" if draft else "submitted",
        submitted_by=actor,
        submitted_at=now,
    )
    if draft:
        return registration, drafted_event(registration, round_, actor)
    return registration, submitted_event(registration, round_, actor, late_reason)


def submitted_event(
    registration: CollectiveRegistration, round_: Round, actor: str, late_reason: str | None = None
) -> Envelope:
    """`registration.submitted`: the receiving level, review and reporting hear of it from now on."""
    return new_event(
        "registration.submitted",
        producer=PRODUCER,
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
        producer=PRODUCER,
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
