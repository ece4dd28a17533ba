"""Deadline reminders: which units to remind of a round today, and which to report late.

Units that have not submitted are reminded 7, 3 and 1 days before the deadline's day (Hà Nội
time) and on the day; the day after, the receiving standing office hears which units are late.
Each reminder has a key (round, unit, offset) so it is sent once whatever runs twice. After an
outage, the reminder of the latest offset already reached is sent (late, once); older ones are
skipped rather than sent in a burst. The units expected are the receiving unit's children in the
tree of the deadline's day (docs/decisions/0019).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from emutrack_kit.clock import HANOI
from emutrack_kit.org_tree import Tree

OFFSETS: tuple[int, ...] = (7, 3, 1, 0)  # days before the deadline's day; 0 = on the day


@dataclass(frozen=True)
class RoundDeadline:
    """A round's deadline and who receives its submissions."""

    round_id: str
    name: str
    receiving_unit_id: str
    deadline: datetime
    extensions: Mapping[str, datetime] = field(default_factory=dict)  # units given a later deadline
    kind: str = "registration"  # what the round receives: registrations, nominations, initiatives...

    @property
    def deadline_day(self) -> date:
        """The deadline's date in Hà Nội."""
        return self.deadline.astimezone(HANOI).date()

    def deadline_of(self, unit_id: str) -> datetime:
        """The unit's deadline: the round's, or its own later one."""
        return max(self.deadline, self.extensions.get(unit_id, self.deadline))

    def day_of(self, unit_id: str) -> date:
        """The unit's deadline's date in Hà Nội."""
        return self.deadline_of(unit_id).astimezone(HANOI).date()


@dataclass(frozen=True)
class Reminder:
    """Remind one unit of one round, `offset` days before its deadline's day."""

    round_id: str
    unit_id: str
    offset: int

    @property
    def key(self) -> str:
        """The once-only key: round, unit and offset."""
        return f"{self.round_id}|{self.unit_id}|{self.offset}"


@dataclass(frozen=True)
class LateReport:
    """The day after the deadline: the receiving office learns which units did not submit."""

    round_id: str
    receiving_unit_id: str
    late_unit_ids: tuple[str, ...]

    extended_unit_id: str | None = None  # a unit reported on its own, after its own later deadline

    @property
    def key(self) -> str:
        """The once-only key of the report."""
        own = f"|{self.extended_unit_id}" if self.extended_unit_id else ""
        return f"{self.round_id}|late{own}"


def expected_units(tree: Tree, round_: RoundDeadline, today: date) -> dict[str, str]:
    """Id -> name of the units the round expects: the receiving unit's children on the deadline's day."""
    receiving = tree.get(round_.receiving_unit_id)
    if receiving is None:
        return {}
    day = receiving.nearest_day(min(round_.deadline_day, today))  # never after today; within its life
    return {u.unit_id: u.name for u in tree.children_on(receiving.unit_id, day)}


def current_offset(deadline_day: date, today: date) -> int | None:
    """The reminder offset in force today (the latest reached), or None outside the reminder window."""
    days_left = (deadline_day - today).days
    reached = [o for o in OFFSETS if o >= days_left >= 0]
    return min(reached) if reached else None


def reminders_due(
    round_: RoundDeadline, expected: Iterable[str], submitted: Iterable[str], today: date
) -> list[Reminder]:
    """Today's reminders: one per unit still to submit, at the offset in force by its own deadline."""
    due = []
    for unit in _missing(expected, submitted):
        offset = current_offset(round_.day_of(unit), today)
        if offset is not None:
            due.append(Reminder(round_.round_id, unit, offset))
    return due


def late_report_due(
    round_: RoundDeadline, expected: Iterable[str], submitted: Iterable[str], today: date
) -> LateReport | None:
    """From the day after the deadline: the late units (None before, or when nobody is late).

    A unit given its own later deadline is not late by the round's: it has a report of its own.
    """
    if today <= round_.deadline_day:
        return None
    late = tuple(u for u in _missing(expected, submitted) if round_.day_of(u) <= round_.deadline_day)
    return LateReport(round_.round_id, round_.receiving_unit_id, late) if late else None


def own_late_reports_due(
    round_: RoundDeadline, expected: Iterable[str], submitted: Iterable[str], today: date
) -> list[LateReport]:
    """From the day after a unit's own later deadline: that unit, if it still has not submitted."""
    return [
        LateReport(round_.round_id, round_.receiving_unit_id, (u,), u)
        for u in _missing(expected, submitted)
        if round_.deadline_day < round_.day_of(u) < today
    ]


def _missing(expected: Iterable[str], submitted: Iterable[str]) -> list[str]:
    return sorted(set(expected) - set(submitted))
