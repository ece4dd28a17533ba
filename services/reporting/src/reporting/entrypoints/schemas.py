"""Reporting's answers whose shape is not a use case's view: a unit's numbers laid out flat.

Views whose shape is the answer (a round's coverage, the targets, the rankings) are returned as they are.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from reporting.domain import numbers, series
from reporting.domain.numbers import UnitNumbers
from reporting.usecases.calendars import CalendarView


class Numbers(BaseModel):
    """The numbers counted for a unit and its subtree."""

    registrations_total: int
    registrations_by_title: dict[str, int]
    individuals_total: int
    individuals_by_title: dict[str, int]
    dossiers_total: int
    dossiers_by_award: dict[str, int]
    awards_total: int
    awards_by_award: dict[str, int]
    awards_by_level: dict[str, int]
    initiatives_total: int
    initiatives_by_level: dict[str, int]
    exemplars_total: int
    exemplars_by_category: dict[str, int]
    awards_by_subject_kind: dict[str, int]
    review_at_level: dict[str, int]
    awards_by_level_award_subject: dict[str, int]
    movements_total: int
    movements_by_level_kind: dict[str, int]
    form_rows: dict[str, int]
    form_targets: dict[str, int]

    @classmethod
    def of(cls, n: numbers.Numbers) -> Numbers:
        """The numbers as shown."""
        return cls.model_validate(n.fields())


class UnitCounts(Numbers):
    """A unit's numbers for one period, its subtree included (as of the end of a month if asked)."""

    unit_id: str
    unit_name: str
    period: str
    version: int
    as_of: str | None = None

    @classmethod
    def shown(cls, v: UnitNumbers) -> UnitCounts:
        """A unit's numbers as shown."""
        view = {"unit_id": v.unit_id, "unit_name": v.unit_name, "period": v.period, "version": v.version}
        return cls.model_validate({**v.numbers.fields(), **view, "as_of": v.as_of})


class MonthNumbers(BaseModel):
    """One Hà Nội month of a series: what changed in it and the totals at its end."""

    month: str
    change: Numbers
    total: Numbers

    @classmethod
    def of(cls, m: series.Month) -> MonthNumbers:
        """A month as shown."""
        return cls(month=m.month, change=Numbers.of(m.change), total=Numbers.of(m.total))


class UnitSeries(BaseModel):
    """A unit's numbers of a period, month by month."""

    unit_id: str
    unit_name: str
    period: str
    months: list[MonthNumbers]


class TaskOut(BaseModel):
    """A task of a calendar and its state on the day: done, done_late, overdue or upcoming."""

    number: int
    quarter: int
    content: str
    deadline: date
    deadline_text: str
    executing_units: list[str]
    state: str
    done_on: date | None


class CalendarOut(BaseModel):
    """A level's calendar for the year: whose, how many tasks in each state, the tasks."""

    calendar_id: str
    issuer_unit_id: str
    issuer_name: str
    plan_number: str
    title: str
    counts: dict[str, int]
    tasks: list[TaskOut]


class UnitCalendars(BaseModel):
    """The calendars issued within a unit's subtree for a year."""

    unit_id: str
    unit_name: str
    period: str
    calendars: list[CalendarOut]

    @classmethod
    def shown(cls, unit_id: str, unit_name: str, period: str, views: list[CalendarView]) -> UnitCalendars:
        """The use case's views as answered."""
        calendars = [
            CalendarOut(
                calendar_id=v.calendar.calendar_id, issuer_unit_id=v.calendar.issuer_unit_id,
                issuer_name=v.issuer_name, plan_number=v.calendar.plan_number, title=v.calendar.title,
                counts=v.counts,
                tasks=[
                    TaskOut(
                        number=t.task.number, quarter=t.task.quarter, content=t.task.content,
                        deadline=t.task.deadline, deadline_text=t.task.deadline_text,
                        executing_units=list(t.task.executing_units), state=t.state, done_on=t.done_on,
                    )
                    for t in v.tasks
                ],
            )
            for v in views
        ]  # fmt: skip
        return cls(unit_id=unit_id, unit_name=unit_name, period=period, calendars=calendars)
