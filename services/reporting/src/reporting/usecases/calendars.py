"""The levels' task calendars followed from their events, and read by leaders with each task's state."""

from __future__ import annotations

from dataclasses import dataclass

from emutrack_contracts.events.registration import CalendarTaskCompleted, TaskCalendarPublished
from reporting.domain.calendar import FollowedCalendar, PlannedTask, TaskProgress, progress, tally
from reporting.domain.periods import period_day
from reporting.usecases.access import visible_unit
from reporting.usecases.context import Context
from reporting.usecases.facts import Delivery
from reporting.usecases.views import NumbersAsked


async def calendar_published(ctx: Context, p: TaskCalendarPublished, d: Delivery) -> None:
    """Keep the calendar a level published (published again: its tasks replaced, completions kept)."""
    tasks = tuple(
        PlannedTask(t.number, t.quarter, t.content, t.deadline, t.deadline_text, tuple(t.executing_units))
        for t in p.tasks
    )
    path = tuple(d.envelope.unit_path)
    await ctx.work.calendars.keep(
        FollowedCalendar(p.calendar_id, p.issuer_unit_id, path, p.year, p.plan_number, p.title, tasks, {})
    )


async def task_completed(ctx: Context, p: CalendarTaskCompleted, _: Delivery) -> None:
    """Remember the day the issuing level marked a task done (the first day told stays)."""
    await ctx.work.calendars.complete(p.calendar_id, p.number, p.completed_on)


@dataclass(frozen=True)
class CalendarView:
    """A calendar as a leader reads it: whose, its tasks' states on the day, and how many of each."""

    calendar: FollowedCalendar
    issuer_name: str
    tasks: list[TaskProgress]
    counts: dict[str, int]


async def calendars_within(ctx: Context, q: NumbersAsked) -> tuple[str, list[CalendarView]]:
    """The unit's name and the calendars of the year issued by it or below it, each task's state."""
    day = period_day(q.period, ctx.today())
    unit = await visible_unit(ctx, q.caller, q.unit_id, day)
    tree = await ctx.work.tree.tree()
    views = []
    for calendar in await ctx.work.calendars.within(q.unit_id, int(q.period)):
        tasks = progress(calendar, ctx.today())
        issuer = tree.get(calendar.issuer_unit_id)
        name = issuer.name if issuer is not None else calendar.issuer_unit_id
        views.append(CalendarView(calendar, name, tasks, tally(tasks)))
    return unit.name, views
