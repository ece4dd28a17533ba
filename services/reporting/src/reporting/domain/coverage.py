"""Registration coverage of a round: who submitted before the deadline, who late, who not yet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from emutrack_kit.clock import HANOI
from reporting.domain.periods import period_day

Deadlines = Sequence[tuple[datetime, datetime]]  # (when it was set, the deadline), as the round announced
_BEFORE_ANY = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Round:
    """A round as reporting knows it: who receives it, every deadline it was given, units' own later ones."""

    round_id: str
    name: str
    kind: str
    year: int
    receiving_unit_id: str
    deadline: datetime  # the last one announced
    deadlines: Deadlines = ()
    extensions: Mapping[str, Deadlines] = field(default_factory=dict)  # unit -> its own deadlines

    def deadlines_in_force(self) -> Deadlines:
        """Every deadline with when it was set (a round stored before they were kept: its last one)."""
        return self.deadlines or [(_BEFORE_ANY, self.deadline)]

    def expected_on(self, today: date) -> date:
        """The day whose tree says who the round expects: its deadline's, within its year, not after today."""
        return min(self.deadline.astimezone(HANOI).date(), period_day(str(self.year), today))


@dataclass(frozen=True)
class Coverage:
    """A round's expected units split by when (or whether) they submitted."""

    expected: int
    on_time: list[str]
    late: list[str]
    missing: list[str]

    @property
    def percent_on_time(self) -> float:
        """Share of the expected units that submitted by the deadline, in percent (one decimal)."""
        return round(100 * len(self.on_time) / self.expected, 1) if self.expected else 0.0


def deadline_in_force(deadlines: Deadlines, at: datetime) -> datetime:
    """The deadline in force at `at`: the last one set by then (the first, for a time before any was set)."""
    ordered = sorted(deadlines)
    set_by_then = [deadline for set_at, deadline in ordered if set_at <= at]
    return set_by_then[-1] if set_by_then else ordered[0][1]


def unit_deadline(deadlines: Deadlines, extensions: Deadlines, at: datetime) -> datetime:
    """A unit's deadline in force at `at`: the round's, or the unit's own later one granted by then."""
    granted = [deadline for set_at, deadline in extensions if set_at <= at]
    return max([deadline_in_force(deadlines, at), *granted])


def coverage(
    expected: list[str],
    first_submitted: Mapping[str, datetime],
    deadlines: Deadlines,
    extensions: Mapping[str, Deadlines] | None = None,
) -> Coverage:
    """Each expected unit is on time, late or missing by its first submission to the round.

    Whether a submission was on time is decided by the deadline in force when it was made (the
    round's, or the unit's own extension granted by then): moving the deadline afterwards, earlier
    or later, changes nothing already submitted.
    """
    own = extensions or {}
    on_time = [
        u
        for u in expected
        if u in first_submitted
        and first_submitted[u] <= unit_deadline(deadlines, own.get(u, ()), first_submitted[u])
    ]
    late = [u for u in expected if u in first_submitted and u not in on_time]
    missing = [u for u in expected if u not in first_submitted]
    return Coverage(len(expected), on_time, late, missing)
