"""Use cases of the levels' planning: launch movements, open rounds, move deadlines, task calendars."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, datetime
from typing import Any

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import (
    CalendarTask,
    CalendarTaskCompleted,
    MovementLaunched,
    MovementTarget,
    TaskCalendarPublished,
)
from emutrack_kit.auth import Principal, Role
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Conflict, Forbidden, NotFound, Unprocessable
from emutrack_kit.text import nfc
from registration.adapters.movements import DuplicateMovement
from registration.adapters.rounds import DuplicateRound
from registration.domain.calendar import PlanTask, TaskCalendar, task_status
from registration.domain.movements import Movement, RoundPlan, Target, plan_round
from registration.domain.org import Unit
from registration.domain.registrations import PRODUCER
from registration.domain.rounds import Round
from registration.handlers import SYSTEM_ACTOR, Deps, round_opened, unit_paths
from registration.idempotency import ensure_same_request, new_id, request_digest


async def _level(deps: Deps, principal: Principal, unit_id: str, day: date) -> tuple[Unit, tuple[str, ...]]:
    """The level unit acting, if the caller is its standing office (or an admin above it)."""
    unit = await deps.units.get(unit_id)
    if unit is None or not unit.exists_on(day):
        raise Unprocessable(
            "UNKNOWN_UNIT",
            f"Không tìm thấy đơn vị '{unit_id}' đang hoạt động ngày {day:%d/%m/%Y}.",
            field="unit_id",
        )
    path = await deps.units.path_on(unit_id, day)
    office = any(b.role == Role.STANDING_OFFICE and b.unit_id == unit_id for b in principal.bindings)
    if not (office or principal.may([Role.ADMIN], path)):
        raise _not_level_office(unit)
    return unit, path


def _not_level_office(unit: Unit) -> Forbidden:
    return Forbidden(
        "NOT_LEVEL_OFFICE",
        f"Chỉ cơ quan thường trực Hội đồng TĐKT {unit.name} mới được thực hiện thao tác này cho cấp đó.",
        field="unit_id",
    )


async def authorize_level_office(deps: Deps, principal: Principal, unit_id: str) -> None:
    """The caller is the level's standing office, or an admin above it on some day of the level's life."""
    unit = await deps.units.get(unit_id)
    if unit is None:
        return  # no level to refuse in the name of: the handler answers UNKNOWN_UNIT after validation
    office = any(b.role == Role.STANDING_OFFICE and b.unit_id == unit_id for b in principal.bindings)
    if not (office or any(principal.may([Role.ADMIN], p) for p in await unit_paths(deps, unit_id))):
        raise _not_level_office(unit)


async def launch_movement(
    deps: Deps, principal: Principal, draft: dict[str, Any], idempotency_key: str | None
) -> tuple[Movement, bool]:
    """A level launches a movement for its subtree (`movement.launched`); returns (movement, created)."""
    unit, path = await _level(deps, principal, draft["launching_unit_id"], draft["starts_on"])
    digest = request_digest(draft)
    movement = Movement(
        movement_id=new_id("mv", principal, idempotency_key),
        name=nfc(draft["name"]),
        kind=draft["kind"],
        launching_unit_id=unit.unit_id,
        launching_unit_name=unit.name,
        theme=nfc(draft["theme"]),
        criteria=tuple(nfc(c) for c in draft["criteria"]),
        starts_on=draft["starts_on"],
        ends_on=draft["ends_on"],
        targets=tuple(_target(t) for t in draft["targets"]),
    )
    event = _launched(movement, path, principal.subject)
    try:
        await deps.movements.create(movement, event, digest, principal.subject)
    except DuplicateMovement:
        ensure_same_request(await deps.movements.request_hash(movement.movement_id), digest)
        stored = await deps.movements.get(movement.movement_id)
        assert stored is not None
        return stored, False
    return movement, True


def _launched(movement: Movement, path: tuple[str, ...], actor: str) -> Envelope:
    targets = [MovementTarget(**asdict(t)) for t in movement.targets]
    payload = MovementLaunched(**{**asdict(movement), "targets": targets})
    return new_event(
        "movement.launched", producer=PRODUCER, unit_path=list(path), actor=actor, payload=payload
    )


async def announce_movement(deps: Deps, movement: Movement, actor: str = SYSTEM_ACTOR) -> bool:
    """Store a movement from seed data and publish it; False if it already exists."""
    path = await deps.units.path_on(movement.launching_unit_id, movement.starts_on)
    try:
        await deps.movements.create(movement, _launched(movement, path, actor), "seed", actor)
    except DuplicateMovement:
        return False
    return True


def _target(raw: dict[str, Any]) -> Target:
    return Target(**{**raw, "description": nfc(raw["description"])})


async def movements_for(deps: Deps, unit_id: str | None, year: int | None) -> list[Movement]:
    """Movements running in a year; for a unit, those launched by it or a level above it."""
    if unit_id is None:
        return await deps.movements.launched_by(None, year)
    if await deps.units.get(unit_id) is None:
        raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    day = date(year, 12, 31) if year else deps.clock().astimezone(HANOI).date()
    return await deps.movements.launched_by(await deps.units.path_on(unit_id, day), year)


async def get_movement(deps: Deps, movement_id: str) -> Movement:
    """One movement (movements are public announcements of a level)."""
    movement = await deps.movements.get(movement_id)
    if movement is None:
        raise NotFound("UNKNOWN_MOVEMENT", f"Không tìm thấy phong trào '{movement_id}'.", field="movement_id")
    return movement


async def open_round(
    deps: Deps, principal: Principal, draft: dict[str, Any], idempotency_key: str | None
) -> tuple[Round, bool]:
    """A level opens a round with a deadline, received by its standing office; returns (round, created)."""
    unit, path = await _level(deps, principal, draft["receiving_unit_id"], draft["opened_on"])
    digest = request_digest(draft)
    movement = None
    if draft.get("movement_id"):
        movement = await get_movement(deps, draft["movement_id"])
    plan = RoundPlan(
        round_id=new_id("round", principal, idempotency_key),
        name=nfc(draft["name"]),
        kind=draft["kind"],
        year=draft["year"],
        opened_on=draft["opened_on"],
        last_day=draft["deadline"],
        movement=movement,
        award_kind=draft.get("award_kind"),
        period_from_year=draft.get("period_from_year"),
        period_to_year=draft.get("period_to_year"),
    )
    round_ = plan_round(plan, unit.unit_id, unit.name)
    try:
        await deps.rounds.create(round_, round_opened(round_, path, principal.subject), digest)
    except DuplicateRound:
        ensure_same_request(await deps.rounds.request_hash(round_.round_id), digest)
        stored = await deps.rounds.get(round_.round_id)
        assert stored is not None
        return stored, False
    return round_, True


async def move_deadline(deps: Deps, principal: Principal, round_id: str, last_day: date) -> Round:
    """The receiving level moves a round's deadline; `round.opened` is re-published with it."""
    round_ = await get_round(deps, round_id)
    _, path = await _level(deps, principal, round_.receiving_unit_id, round_.opened_on)
    return await _move(deps, round_, last_day, path, principal.subject)


async def move_deadline_as_system(deps: Deps, round_id: str, last_day: date) -> Round:
    """Move a round's deadline for the demo seed (only when an operator asks for it explicitly)."""
    round_ = await get_round(deps, round_id)
    path = await deps.units.path_on(round_.receiving_unit_id, round_.opened_on)
    return await _move(deps, round_, last_day, path, SYSTEM_ACTOR)


async def _move(deps: Deps, round_: Round, last_day: date, path: tuple[str, ...], actor: str) -> Round:
    moved = plan_round(
        RoundPlan(
            round_id=round_.round_id,
            name=round_.name,
            kind=round_.kind,
            year=round_.year,
            opened_on=round_.opened_on,
            last_day=last_day,
            award_kind=round_.award_kind,
            period_from_year=round_.period_from_year,
            period_to_year=round_.period_to_year,
        ),
        round_.receiving_unit_id,
        round_.receiving_unit_name,
    )
    moved = replace(moved, movement_id=round_.movement_id, extensions=round_.extensions)
    if moved.deadline == round_.deadline:
        return round_
    if not await deps.rounds.move_deadline(moved, round_.deadline, round_opened(moved, path, actor)):
        raise Conflict(
            "CONCURRENT_CHANGE", "Hạn nộp vừa được thay đổi từ một nơi khác; hãy tải lại và thử lại."
        )
    return moved


async def get_round(deps: Deps, round_id: str) -> Round:
    """One round (rounds and deadlines are public announcements of a level)."""
    round_ = await deps.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    return round_


async def rounds_for(deps: Deps, unit_id: str | None, year: int | None) -> list[Round]:
    """Rounds of a year; for a unit, the rounds received by it or a level above it (where it submits)."""
    if unit_id is None:
        return list(await deps.rounds.list_for(year=year, receiving_unit_ids=None))
    if await deps.units.get(unit_id) is None:
        raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    day = date(year, 12, 31) if year else deps.clock().astimezone(HANOI).date()
    path = await deps.units.path_on(unit_id, day)
    return list(await deps.rounds.list_for(year=year, receiving_unit_ids=list(path)))


def calendar_id(calendar: TaskCalendar) -> str:
    """A calendar's id: its issuing unit and year."""
    return f"{calendar.issuer_unit_id}-{calendar.year}"


async def import_calendar(deps: Deps, calendar: TaskCalendar, actor: str = SYSTEM_ACTOR) -> bool:
    """Store a level's task calendar (the plan's appendix) and publish it; False if already imported."""
    path = await deps.units.path_on(calendar.issuer_unit_id, calendar.issued_on)
    if not path:
        raise ValueError(f"issuer {calendar.issuer_unit_id} of calendar {calendar.number} is unknown")
    identifier = calendar_id(calendar)
    payload = TaskCalendarPublished(
        calendar_id=identifier,
        issuer_unit_id=calendar.issuer_unit_id,
        year=calendar.year,
        plan_number=calendar.number,
        issued_on=calendar.issued_on,
        title=calendar.title,
        tasks=[CalendarTask(**asdict(t)) for t in calendar.tasks],
    )
    event = new_event(
        "task_calendar.published", producer=PRODUCER, unit_path=list(path), actor=actor, payload=payload
    )
    return await deps.calendars.publish(identifier, calendar, event)


async def list_calendars(deps: Deps, year: int | None) -> list[dict[str, Any]]:
    """The levels' calendars (without their tasks)."""
    docs = await deps.calendars.list(year)
    return [
        {"calendar_id": doc["_id"], **{k: v for k, v in doc["calendar"].items() if k != "tasks"}}
        for doc in docs
    ]


async def get_calendar(deps: Deps, identifier: str) -> dict[str, Any]:
    """A calendar with each task's status today (done, overdue, due soon, upcoming)."""
    doc = await deps.calendars.get(identifier)
    if doc is None:
        raise NotFound("UNKNOWN_CALENDAR", f"Không tìm thấy kế hoạch '{identifier}'.", field="calendar_id")
    today = deps.clock().astimezone(HANOI).date()
    calendar = doc["calendar"]
    tasks = []
    for raw in calendar["tasks"]:
        done = doc["completed"].get(str(raw["number"]))
        status = task_status(_as_task(raw), today, done is not None)
        tasks.append({**raw, "status": status, "completion": done})
    return {**calendar, "tasks": tasks}


def _as_task(raw: dict[str, Any]) -> PlanTask:
    fields = {k: raw[k] for k in PlanTask.__dataclass_fields__}
    fields["deadline"] = (
        date.fromisoformat(raw["deadline"]) if isinstance(raw["deadline"], str) else raw["deadline"]
    )
    return PlanTask(**fields)


async def complete_task(
    deps: Deps, principal: Principal, identifier: str, number: int, note: str | None
) -> dict[str, Any]:
    """The issuing level marks a task done (once); publishes `calendar_task.completed`."""
    doc = await deps.calendars.get(identifier)
    if doc is None:
        raise NotFound("UNKNOWN_CALENDAR", f"Không tìm thấy kế hoạch '{identifier}'.", field="calendar_id")
    if number not in {t["number"] for t in doc["calendar"]["tasks"]}:
        raise NotFound(
            "UNKNOWN_TASK", f"Kế hoạch '{identifier}' không có nhiệm vụ số {number}.", field="number"
        )
    now: datetime = deps.clock()
    _, path = await _level(
        deps, principal, doc["issuer_unit_id"], date.fromisoformat(str(doc["calendar"]["issued_on"])[:10])
    )
    today = now.astimezone(HANOI).date()
    note = nfc(note) if note else None
    event = new_event(
        "calendar_task.completed",
        producer=PRODUCER,
        unit_path=list(path),
        actor=principal.subject,
        occurred_at=now,
        payload=CalendarTaskCompleted(
            calendar_id=identifier,
            issuer_unit_id=doc["issuer_unit_id"],
            number=number,
            completed_on=today,
            note=note,
        ),
    )
    record = {"on": today.isoformat(), "by": principal.subject, "note": note}
    if not await deps.calendars.complete(identifier, number, record, event):
        raise Conflict(
            "TASK_ALREADY_DONE", f"Nhiệm vụ số {number} đã được đánh dấu hoàn thành.", field="number"
        )
    return await get_calendar(deps, identifier)
