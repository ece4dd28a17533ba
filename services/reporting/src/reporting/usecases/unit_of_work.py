"""The unit of work every use case counts through, and the read models it holds (docs/decisions/0017).

Reporting counts along three paths, each an implementation of `UnitOfWork`:

- live (`adapters/live.py`): each record's writes go through as the use case makes them, fact first
  (ADR 0003), so a crash between two leaves what a redelivery completes; nothing is left to commit;
- batch (`adapters/held.py`): a batch's facts, counters and the state later deltas are computed from
  are held; `commit` writes them in the order ADR 0017 gives, or refuses (`Duplicate`) when a fact was
  stored before, and the batch is counted again one record at a time;
- rebuild (`adapters/rebuilt.py`): the whole log is folded in memory; `commit` writes every read model
  fresh and swaps it in.

The kit's `UnitOfWork` (single-document writes with their outbox events) does not fit here:
reporting publishes its snapshots from the counters it changed, through a loop of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from emutrack_kit.org_replica import OrgReplica
from reporting.domain.awards import Awardee, PublishedRanking
from reporting.domain.calendar import FollowedCalendar
from reporting.domain.coverage import Round
from reporting.domain.facts import CountedList, CountedSubmission, Fact
from reporting.domain.numbers import Counter, Delta
from reporting.domain.processing import Progress
from reporting.domain.rollup import CounterTarget


class Facts(Protocol):
    """Accepted facts, one per event id, with the first delivery's position and delta."""

    async def record(self, fact: Fact) -> Fact:
        """Store the fact unless its event's is stored; return the stored one (the first delivery's)."""
        ...


class Counters(Protocol):
    """Numbers per unit and period; each record applied at most once to each counter."""

    async def apply(self, targets: Sequence[CounterTarget], delta: Delta, first: Position) -> None:
        """Add `delta` to every target, once per record (the first delivery's position)."""
        ...

    async def get(self, unit_id: str, period: str) -> Counter | None:
        """One unit's counter of a period, None if nothing was counted for it."""
        ...


class Lists(Protocol):
    """Each list of people as last counted (a resubmitted list counts as its difference)."""

    async def counted(self, list_id: str) -> CountedList | None:
        """The list as last counted, None if never."""
        ...

    async def remember(self, list_id: str, counted: CountedList) -> None:
        """Keep the list as counted now (an older version never replaces a newer one)."""
        ...


class Rounds(Protocol):
    """Rounds with every deadline they had, and each unit's first submission to them."""

    async def keep(self, round_: Round, set_at: datetime) -> None:
        """Store or refresh a round, adding its deadline, set at `set_at`, to those it had."""
        ...

    async def extend(self, round_id: str, unit_id: str, set_at: datetime, deadline: datetime) -> None:
        """Add one unit's own later deadline, granted at `set_at`."""
        ...

    async def get(self, round_id: str) -> Round | None:
        """One round, None if it was never opened."""
        ...

    async def received_by(self, unit_id: str, year: int, kind: str) -> list[Round]:
        """The rounds of a kind a unit received in a year, by deadline."""
        ...

    async def submitted(self, round_id: str, unit_id: str, at: datetime) -> None:
        """A unit submitted to the round at `at` (the earliest time is kept, in any order)."""
        ...

    async def firsts(self, round_id: str) -> dict[str, datetime]:
        """Unit -> the time of its first submission to the round."""
        ...


class Parked(Protocol):
    """Events parked until every unit they name is known (never dropped)."""

    async def park(self, envelope: Envelope, position: Position, waiting_for: list[str]) -> None:
        """Park the event (again: its first position is kept)."""
        ...

    async def waiting_for(self, unit_id: str) -> list[Envelope]:
        """The parked events that name the unit."""
        ...

    async def release(self, event_id: str) -> None:
        """The event was counted: it is parked no longer."""
        ...


class Awardees(Protocol):
    """The awardees of counted decisions."""

    async def keep(self, awardees: Sequence[Awardee]) -> None:
        """Store the awardees once (a redelivered decision adds none)."""
        ...

    async def of_subtree(self, unit_id: str, period: str, by_decision_date: bool = False) -> list[Awardee]:
        """The awardees proposed within a unit's subtree for a year (or signed in it), in list order."""
        ...


class Submissions(Protocol):
    """What each initiative, exemplar or dossier was counted as, so a withdrawal takes back exactly that."""

    async def counted(self, submission_id: str) -> CountedSubmission | None:
        """What the submission was counted as, None if it never was."""
        ...

    async def remember(self, submission_id: str, counted: CountedSubmission) -> None:
        """Keep what the submission counts as (the first answer stays)."""
        ...


class Progresses(Protocol):
    """Each nomination's progress at its level."""

    async def get(self, nomination_id: str) -> Progress:
        """What is known of the nomination (an empty progress if nothing)."""
        ...

    async def keep(self, nomination_id: str, progress: Progress) -> None:
        """Store the progress (the same event gives the same progress)."""
        ...


class Calendars(Protocol):
    """The levels' task calendars and the days their tasks were marked done."""

    async def keep(self, calendar: FollowedCalendar) -> None:
        """Store (or store again) the calendar's tasks, keeping the completions already known."""
        ...

    async def complete(self, calendar_id: str, number: int, day: date) -> None:
        """Remember the day a task was marked done (the first day told stays)."""
        ...

    async def within(self, unit_id: str, year: int) -> list[FollowedCalendar]:
        """The calendars of a year issued by the unit or a unit under it."""
        ...


class Rankings(Protocol):
    """The clusters' latest published rankings."""

    async def keep(self, ranking: PublishedRanking) -> None:
        """Store the ranking unless a later one of its cluster and year is stored."""
        ...

    async def within(self, unit_id: str, year: int) -> list[PublishedRanking]:
        """The rankings of the clusters organised within a unit's subtree in a year, by cluster name."""
        ...


class UnitOfWork(Protocol):
    """Reporting's read models as one path counts into them, and `commit`, which makes them durable."""

    @property
    def facts(self) -> Facts: ...

    @property
    def counters(self) -> Counters: ...

    @property
    def lists(self) -> Lists: ...

    @property
    def rounds(self) -> Rounds: ...

    @property
    def parked(self) -> Parked: ...

    @property
    def awardees(self) -> Awardees: ...

    @property
    def submissions(self) -> Submissions: ...

    @property
    def progress(self) -> Progresses: ...

    @property
    def rankings(self) -> Rankings: ...

    @property
    def calendars(self) -> Calendars: ...

    @property
    def tree(self) -> OrgReplica: ...

    async def commit(self) -> None:
        """Make what the path counted durable; `Duplicate` if it must be counted one record at a time."""
        ...
