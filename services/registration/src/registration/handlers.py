"""Use cases of the registration service: one function per command."""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit.auth import SUBTREE_ROLES, Principal, Role, reaches_into
from emutrack_kit.clock import HANOI, Clock
from emutrack_kit.errors import Conflict, Forbidden, NotFound, Unprocessable
from emutrack_kit.text import nfc
from registration.adapters.dossiers import AttachmentStore, DossierRepository
from registration.adapters.movements import CalendarRepository, MovementRepository
from registration.adapters.people import IndividualListRepository
from registration.adapters.people_index import PeopleIndex
from registration.adapters.repositories import DuplicateRegistration, RegistrationRepository
from registration.adapters.rounds import RoundRepository
from registration.adapters.submissions import SubmissionRepository
from registration.adapters.units import UnitRepository
from registration.domain.org import Unit
from registration.domain.registrations import PRODUCER, submit_collective
from registration.domain.rounds import Round
from registration.domain.titles import title_for
from registration.idempotency import ensure_same_request

SUBMITTERS = (Role.UNIT_OFFICER, Role.ADMIN)
READERS = tuple(Role)
SYSTEM_ACTOR = "system:seed"
_IDEMPOTENCY_NAMESPACE = uuid.UUID("0f6b7f0e-5a0e-4d8e-9d56-3c1c8a9e7b21")


@dataclass
class Deps:
    """What the use cases need; bootstrap wires real adapters, tests may wire others."""

    units: UnitRepository
    rounds: RoundRepository
    registrations: RegistrationRepository
    people: IndividualListRepository
    forms: IndividualListRepository
    people_index: PeopleIndex
    dossiers: DossierRepository
    files: AttachmentStore
    movements: MovementRepository
    calendars: CalendarRepository
    submissions: SubmissionRepository
    clock: Clock


def reach_filter(principal: Principal) -> dict[str, Any]:
    """A query matching the records of units the caller may read (subtree roles see below them)."""
    subtree = principal.units_with(SUBTREE_ROLES)
    own = principal.units_with(set(READERS) - SUBTREE_ROLES)
    reach: list[dict[str, Any]] = []
    if subtree:
        reach.append({"unit_path": {"$in": subtree}})
    if own:
        reach.append({"unit_id": {"$in": own}})
    return {"$or": reach} if reach else {"_id": {"$exists": False}}


def _forbidden(unit_name: str) -> Forbidden:
    return Forbidden(
        "FORBIDDEN_UNIT",
        f"Tài khoản của bạn không có quyền thực hiện thao tác này cho đơn vị '{unit_name}'.",
        field="unit_id",
    )


async def submit_collective_registration(
    deps: Deps,
    principal: Principal,
    *,
    round_id: str,
    unit_id: str,
    title_code: str,
    idempotency_key: str | None,
    draft: bool = False,
) -> tuple[dict[str, Any], bool]:
    """A unit's officer registers (or drafts) a collective title; returns (registration, created)."""
    return await _register(deps, principal, round_id, unit_id, title_code, idempotency_key, None, draft)


async def accept_late_registration(
    deps: Deps,
    principal: Principal,
    *,
    round_id: str,
    unit_id: str,
    title_code: str,
    reason: str,
    idempotency_key: str | None,
) -> tuple[dict[str, Any], bool]:
    """The receiving standing office accepts a registration after the deadline, with a reason."""
    return await _register(deps, principal, round_id, unit_id, title_code, idempotency_key, nfc(reason))


def _receives(principal: Principal, round_: Round, receiver_path: tuple[str, ...]) -> bool:
    """Only the round's receiving standing office (or an admin above it) accepts late ones."""
    office = any(
        b.role == Role.STANDING_OFFICE and b.unit_id == round_.receiving_unit_id for b in principal.bindings
    )
    return office or principal.may([Role.ADMIN], receiver_path)


async def _authorized(
    deps: Deps, principal: Principal, round_id: str, unit_id: str, *, late: bool
) -> tuple[Round, Unit, tuple[str, ...]]:
    """The round, the unit and its path, once the caller may register for it (late: receive it)."""
    round_ = await deps.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    unit = await deps.units.get(unit_id)
    if unit is None:
        raise Unprocessable("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    unit_path = await deps.units.path_on(unit.unit_id, round_.opened_on)
    if not late and not principal.may(SUBMITTERS, unit_path):
        raise _forbidden(unit.name)
    if late:
        receiver_path = await deps.units.path_on(round_.receiving_unit_id, round_.opened_on)
        if not _receives(principal, round_, receiver_path):
            raise Forbidden(
                "NOT_RECEIVING_OFFICE",
                f"Chỉ cơ quan thường trực Hội đồng TĐKT {round_.receiving_unit_name} mới được tiếp nhận "
                "đăng ký muộn của đợt này.",
                field="round_id",
            )
    return round_, unit, unit_path


async def authorize_registration(deps: Deps, principal: Principal, round_id: str, unit_id: str) -> None:
    """The caller may register the unit in the round (its officer, or an admin above it)."""
    await _authorized(deps, principal, round_id, unit_id, late=False)


async def authorize_late_registration(deps: Deps, principal: Principal, round_id: str, unit_id: str) -> None:
    """The caller is the round's receiving office (or an admin above it), which accepts late ones."""
    await _authorized(deps, principal, round_id, unit_id, late=True)


async def unit_paths(deps: Deps, unit_id: str) -> list[tuple[str, ...]]:
    """Every path the unit had from the root (each parent link's first and last day, and today)."""
    unit = await deps.units.get(unit_id)
    if unit is None:
        return []
    today = deps.clock().astimezone(HANOI).date()
    days = {unit.valid_from, min(today, unit.valid_to or today)}
    days |= {day for link in unit.parents for day in (link.valid_from, link.valid_to) if day is not None}
    return [await deps.units.path_on(unit_id, day) for day in sorted(days)]


async def check_unit_filter(deps: Deps, principal: Principal, unit_id: str) -> None:
    """A list filtered by a unit answers only a caller whose bindings reach the unit or sit below it."""
    unit = await deps.units.get(unit_id)
    if unit is None:
        raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    if not await reaches_into(principal, unit_id, functools.partial(unit_paths, deps)):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không được xem danh sách của đơn vị '{unit.name}'.",
            field="unit_id",
        )


async def _register(
    deps: Deps,
    principal: Principal,
    round_id: str,
    unit_id: str,
    title_code: str,
    idempotency_key: str | None,
    late_reason: str | None,
    draft: bool = False,
) -> tuple[dict[str, Any], bool]:
    digest_of = f"{round_id}|{unit_id}|{title_code}|{late_reason}" + ("|draft" if draft else "")
    request_hash = hashlib.sha256(digest_of.encode()).hexdigest()
    key = f"{principal.subject}:{idempotency_key}" if idempotency_key else f"auto:{uuid.uuid4()}"
    # The id derives from the idempotency key, so a retry is found (and collides) by _id:
    # the cheapest lookup on every MongoDB-compatible server.
    registration_id = f"reg-{uuid.uuid5(_IDEMPOTENCY_NAMESPACE, key)}"
    round_, unit, unit_path = await _authorized(
        deps, principal, round_id, unit_id, late=late_reason is not None
    )
    if idempotency_key:  # after authorization: a replay must not bypass it
        replay = await _replay(deps, registration_id, request_hash)
        if replay is not None:
            return replay, False
    registration, event = submit_collective(
        registration_id=registration_id,
        round_=round_,
        unit=unit,
        unit_path=unit_path,
        title=title_for(title_code, "collective"),
        actor=principal.subject,
        now=_millis(deps.clock()),
        late_reason=late_reason,
        draft=draft,
    )
    try:
        added = await deps.registrations.add(
            registration,
            event,
            request_hash,
            receiving_unit_id=round_.receiving_unit_id,
            late_reason=late_reason,
        )
        return added, True
    except DuplicateRegistration:
        replay = await _replay(deps, registration_id, request_hash) if idempotency_key else None
        if replay is not None:
            return replay, False
        raise Conflict(
            "ALREADY_REGISTERED",
            f"Đơn vị '{unit.name}' đã đăng ký danh hiệu '{registration.title.name}' trong đợt "
            f"'{round_.name}'.",
            field="title_code",
        ) from None


def _millis(moment: datetime) -> datetime:
    # MongoDB stores milliseconds: truncate now so a replayed response equals the first.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


async def _replay(deps: Deps, registration_id: str, request_hash: str) -> dict[str, Any] | None:
    existing = await deps.registrations.get(registration_id)
    if existing is None:
        return None
    ensure_same_request(existing["request_hash"], request_hash)
    return existing


async def get_registration(deps: Deps, principal: Principal, registration_id: str) -> dict[str, Any]:
    """One registration, if the caller's bindings reach its unit."""
    doc = await deps.registrations.get(registration_id)
    if doc is None:
        raise NotFound("UNKNOWN_REGISTRATION", f"Không tìm thấy bản đăng ký '{registration_id}'.")
    readers = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.ADMIN) if doc["status"] == "draft" else READERS
    if not principal.may(readers, doc["unit_path"]):
        raise _forbidden(doc["unit_name"])
    return doc


def round_opened(round_: Round, path: Sequence[str], actor: str) -> Envelope:
    """The `round.opened` event of a round's current state (re-published when its deadline moves)."""
    return new_event(
        "round.opened",
        producer=PRODUCER,
        unit_path=list(path),
        actor=actor,
        payload=RoundOpened(
            round_id=round_.round_id,
            name=round_.name,
            kind=round_.kind,
            year=round_.year,
            receiving_unit_id=round_.receiving_unit_id,
            deadline=round_.deadline,
            opened_on=round_.opened_on,
            movement_id=round_.movement_id,
            award_kind=round_.award_kind,
            period_from_year=round_.period_from_year,
            period_to_year=round_.period_to_year,
        ),
    )


async def open_round(deps: Deps, round_: Round, actor: str = SYSTEM_ACTOR) -> bool:
    """Open a round from seed data, publishing `round.opened`; False (nothing changed) if it exists.

    An existing round keeps its deadline: an office may have closed or extended it since.
    """
    path = await deps.units.path_on(round_.receiving_unit_id, round_.opened_on)
    if not path:
        raise ValueError(f"receiving unit {round_.receiving_unit_id} of round {round_.round_id} is unknown")
    return await deps.rounds.open_if_new(round_, round_opened(round_, path, actor))
