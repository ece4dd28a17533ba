"""Deadline reminders: which units to remind of a round today, and which to report late.

Units that have not submitted are reminded 7, 3 and 1 days before the deadline's day (Hà Nội
time) and on the day; the day after, the receiving standing office hears which units are late.
Each reminder has a key (round, unit, offset) so it is sent once whatever runs twice. After an
outage, the reminder of the latest offset already reached is sent (late, once); older ones are
skipped rather than sent in a burst.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from emutrack_kit.clock import HANOI

OFFSETS: tuple[int, ...] = (7, 3, 1, 0)  # days before the deadline's day; 0 = on the day


@dataclass(frozen=True)
class RoundDeadline:
    """A round's deadline and who receives its submissions."""

    round_id: str
    name: str
    receiving_unit_id: str
    deadline: datetime

    @property
    def deadline_day(self) -> date:
        """The deadline's date in Hà Nội."""
        return self.deadline.astimezone(HANOI).date()


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

    @property
    def key(self) -> str:
        """The once-only key of the report."""
        return f"{self.round_id}|late"


def current_offset(deadline_day: date, today: date) -> int | None:
    """The reminder offset in force today (the latest reached), or None outside the reminder window."""
    days_left = (deadline_day - today).days
    reached = [o for o in OFFSETS if o >= days_left >= 0]
    return min(reached) if reached else None


def reminders_due(
    round_: RoundDeadline, expected: Iterable[str], submitted: Iterable[str], today: date
) -> list[Reminder]:
    """Today's reminders: one per unit still to submit, at the offset in force (none outside it)."""
    offset = current_offset(round_.deadline_day, today)
    if offset is None:
        return []
    missing = sorted(set(expected) - set(submitted))
    return [Reminder(round_.round_id, unit, offset) for unit in missing]


def late_report_due(
    round_: RoundDeadline, expected: Iterable[str], submitted: Iterable[str], today: date
) -> LateReport | None:
    """From the day after the deadline: the late units (None before, or when nobody is late)."""
    if today <= round_.deadline_day:
        return None
    late = tuple(sorted(set(expected) - set(submitted)))
    return LateReport(round_.round_id, round_.receiving_unit_id, late) if late else None
