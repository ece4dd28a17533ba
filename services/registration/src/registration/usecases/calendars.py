"""Use cases of the levels' task calendars: import a plan's appendix, read it, mark tasks done."""

from __future__ import annotations

from dataclasses import dataclass

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import CalendarTaskCompleted
from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict, NotFound
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import StaleWrite, UnitOfWork
from registration.domain.calendar import (
    Completion,
    KeptCalendar,
    PlanTask,
    TaskCalendar,
    TaskStatus,
    published_event,
    task_status,
)
from registration.usecases.access import level_office
from registration.usecases.commits import commit_if_new
from registration.usecases.context import SYSTEM_ACTOR, Context


@dataclass(frozen=True)
class TaskProgress:
    """A task and where it stands today (done, overdue, due soon, upcoming), with its completion."""

    task: PlanTask
    status: TaskStatus
    completion: Completion | None


@dataclass(frozen=True)
class CalendarProgress:
    """A calendar with each task's status today."""

    calendar_id: str
    calendar: TaskCalendar
    tasks: list[TaskProgress]


@dataclass(frozen=True)
class CompleteTask:
    """The issuing level marks a task of its calendar done, with an optional note."""

    calendar_id: str
    number: int
    note: str | None = None


async def import_calendar(ctx: Context, calendar: TaskCalendar, actor: str = SYSTEM_ACTOR) -> bool:
    """Store a level's task calendar (the plan's appendix) and publish it; False if already imported."""
    path = await ctx.units.path_on(calendar.issuer_unit_id, calendar.issued_on)
    if not path:
        raise ValueError(f"issuer {calendar.issuer_unit_id} of calendar {calendar.number} is unknown")
    uow = UnitOfWork()
    ctx.calendars.add(uow, calendar, published_event(calendar, path, actor))
    return await commit_if_new(uow)


async def list_calendars(ctx: Context, year: int | None) -> list[KeptCalendar]:
    """The levels' calendars (without their tasks)."""
    return await ctx.calendars.list(year)


async def _kept(ctx: Context, calendar_id: str) -> KeptCalendar:
    kept = await ctx.calendars.get(calendar_id)
    if kept is None:
        raise NotFound("UNKNOWN_CALENDAR", f"Không tìm thấy kế hoạch '{calendar_id}'.", field="calendar_id")
    return kept


async def get_calendar(ctx: Context, calendar_id: str) -> CalendarProgress:
    """A calendar with each task's status today (done, overdue, due soon, upcoming)."""
    kept = await _kept(ctx, calendar_id)
    today = ctx.today()
    tasks = []
    for task in kept.calendar.tasks:
        done = kept.completed.get(task.number)
        tasks.append(TaskProgress(task, task_status(task, today, done is not None), done))
    return CalendarProgress(kept.calendar_id, kept.calendar, tasks)


async def complete_task(ctx: Context, principal: Principal, command: CompleteTask) -> CalendarProgress:
    """The issuing level marks a task done (once); publishes `calendar_task.completed`."""
    kept = await _kept(ctx, command.calendar_id)
    calendar, number = kept.calendar, command.number
    if number not in {t.number for t in calendar.tasks}:
        raise NotFound(
            "UNKNOWN_TASK", f"Kế hoạch '{command.calendar_id}' không có nhiệm vụ số {number}.", field="number"
        )
    now = ctx.now()
    _, path = await level_office(ctx, principal, calendar.issuer_unit_id, calendar.issued_on)
    done = Completion(ctx.today(), principal.subject, nfc(command.note) if command.note else None)
    event = new_event(
        "calendar_task.completed",
        unit_path=list(path),
        actor=principal.subject,
        occurred_at=now,
        payload=CalendarTaskCompleted(
            calendar_id=command.calendar_id,
            issuer_unit_id=calendar.issuer_unit_id,
            number=number,
            completed_on=done.on,
            note=done.note,
        ),
    )
    uow = UnitOfWork()
    ctx.calendars.complete(uow, command.calendar_id, number, done, event)
    try:
        await uow.commit()
    except StaleWrite:
        raise Conflict(
            "TASK_ALREADY_DONE", f"Nhiệm vụ số {number} đã được đánh dấu hoàn thành.", field="number"
        ) from None
    return await get_calendar(ctx, command.calendar_id)
