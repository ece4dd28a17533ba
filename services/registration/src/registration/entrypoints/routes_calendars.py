"""HTTP routes of the levels' task calendars: list, read with today's statuses, mark a task done."""

from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from registration.domain.calendar import KeptCalendar, TaskCalendar
from registration.entrypoints.common import Authenticated
from registration.usecases import calendars
from registration.usecases.calendars import CalendarProgress, CompleteTask, TaskProgress
from registration.usecases.context import Context


class CompletionIn(BaseModel):
    """A note recorded when a task is marked done."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    note: str | None = Field(None, max_length=1000)


class CalendarSummaryOut(BaseModel):
    """A level's calendar for a year: the plan it belongs to."""

    calendar_id: str
    issuer_unit_id: str
    year: int
    plan_number: str
    issued_on: date
    title: str

    @classmethod
    def of(cls, calendar_id: str, calendar: TaskCalendar) -> "CalendarSummaryOut":
        """From the domain."""
        return cls(
            calendar_id=calendar_id,
            issuer_unit_id=calendar.issuer_unit_id,
            year=calendar.year,
            plan_number=calendar.number,
            issued_on=calendar.issued_on,
            title=calendar.title,
        )


class CompletionOut(BaseModel):
    """When a task was marked done, by whom, with what note."""

    on: date
    by: str
    note: str | None


class TaskOut(BaseModel):
    """A task of the plan, verbatim, and where it stands today."""

    number: int
    quarter: int
    content: str
    directing_body: str | None
    executing_units: list[str]
    coordinating_units: list[str]
    deadline: date
    deadline_text: str
    deadline_rule: str
    executing_scope: str
    executing_unit_ids: list[str]
    status: str
    completion: CompletionOut | None

    @classmethod
    def of(cls, progress: TaskProgress) -> "TaskOut":
        """From a use case's view."""
        done = progress.completion
        completion = None if done is None else CompletionOut(**asdict(done))
        return cls(**asdict(progress.task), status=progress.status, completion=completion)


class CalendarOut(CalendarSummaryOut):
    """A calendar with each task's status today (done, overdue, due soon, upcoming)."""

    tasks: list[TaskOut]

    @classmethod
    def of_progress(cls, progress: CalendarProgress) -> "CalendarOut":
        """From a use case's view."""
        summary = CalendarSummaryOut.of(progress.calendar_id, progress.calendar)
        return cls(**summary.model_dump(), tasks=[TaskOut.of(t) for t in progress.tasks])


def calendars_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes under /calendars."""
    Caller = Annotated[Principal, Depends(authenticated)]
    router = APIRouter(tags=["calendars"])

    @router.get("/calendars")
    async def list_calendars(
        _: Caller, year: Annotated[int | None, Query(ge=2000, le=2100)] = None
    ) -> list[CalendarSummaryOut]:
        return [_summary(kept) for kept in await calendars.list_calendars(ctx, year)]

    @router.get("/calendars/{calendar_id}")
    async def get_calendar(calendar_id: str, _: Caller) -> CalendarOut:
        return CalendarOut.of_progress(await calendars.get_calendar(ctx, calendar_id))

    @router.post("/calendars/{calendar_id}/tasks/{number}/completion")
    async def complete_task(
        calendar_id: str, number: Annotated[int, Path(ge=1, le=1000)], body: CompletionIn, caller: Caller
    ) -> CalendarOut:
        command = CompleteTask(calendar_id, number, body.note)
        return CalendarOut.of_progress(await calendars.complete_task(ctx, caller, command))

    return router


def _summary(kept: KeptCalendar) -> CalendarSummaryOut:
    return CalendarSummaryOut.of(kept.calendar_id, kept.calendar)
