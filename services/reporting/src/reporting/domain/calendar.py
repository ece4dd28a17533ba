"""A level's task calendar (the plan's appendix) as reporting follows it: each task done, late or due."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

TaskState = Literal["done", "done_late", "overdue", "upcoming"]
STATES: tuple[TaskState, ...] = ("done", "done_late", "overdue", "upcoming")


@dataclass(frozen=True)
class PlannedTask:
    """A task of the calendar: its number, quarter, content, deadline and who carries it out."""

    number: int
    quarter: int
    content: str
    deadline: date
    deadline_text: str
    executing_units: tuple[str, ...]


@dataclass(frozen=True)
class FollowedCalendar:
    """A calendar issued by a level for a year, with the days its tasks were marked done."""

    calendar_id: str
    issuer_unit_id: str
    issuer_path: tuple[str, ...]
    year: int
    plan_number: str
    title: str
    tasks: tuple[PlannedTask, ...]
    completed: Mapping[int, date]


@dataclass(frozen=True)
class TaskProgress:
    """A task as a leader reads it on a day: its state, and the day it was done if it was."""

    task: PlannedTask
    state: TaskState
    done_on: date | None


def state_of(task: PlannedTask, done_on: date | None, today: date) -> TaskState:
    """Done (on time or late), overdue (its deadline passed, not done), or still upcoming."""
    if done_on is not None:
        return "done" if done_on <= task.deadline else "done_late"
    return "overdue" if today > task.deadline else "upcoming"


def progress(calendar: FollowedCalendar, today: date) -> list[TaskProgress]:
    """Every task of the calendar in its order, with its state on `today`."""
    return [
        TaskProgress(
            t, state_of(t, calendar.completed.get(t.number), today), calendar.completed.get(t.number)
        )
        for t in sorted(calendar.tasks, key=lambda t: t.number)
    ]


def tally(tasks: Sequence[TaskProgress]) -> dict[str, int]:
    """How many tasks are in each state."""
    return {state: sum(1 for t in tasks if t.state == state) for state in STATES}
