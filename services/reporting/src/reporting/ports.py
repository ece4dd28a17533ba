"""What the use cases need from storage: the MongoDB repositories live, in-memory ones in a rebuild."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document
from reporting.domain.processing import Progress
from reporting.domain.rollup import CounterTarget


class Facts(Protocol):
    """Accepted facts, one per event id, with the first delivery's delta."""

    async def record(
        self, event_id: str, position: Position, delta: dict[str, int], fields: dict[str, Any]
    ) -> tuple[Position, dict[str, int]]: ...


class Counters(Protocol):
    """Numbers per unit and period, each record applied at most once."""

    async def apply(
        self, targets: Sequence[CounterTarget], delta: dict[str, int], first: Position
    ) -> int: ...

    async def get(self, unit_id: str, period: str) -> Document | None: ...


class Lists(Protocol):
    """The last counted version of each list of people."""

    async def counts(self, list_id: str) -> dict[str, int]: ...

    async def remember(self, list_id: str, counts: dict[str, int], version: int) -> None: ...


class Rounds(Protocol):
    """Rounds and each unit's first submission to them."""

    async def keep(self, round_id: str, fields: Document, deadline_set_at: datetime) -> None: ...

    async def extend(self, round_id: str, unit_id: str, set_at: datetime, deadline: datetime) -> None: ...

    async def get(self, round_id: str) -> Document | None: ...

    async def received_by(self, unit_id: str, year: int, kind: str) -> list[Document]: ...

    async def submitted(self, round_id: str, unit_id: str, at: datetime) -> None: ...

    async def firsts(self, round_id: str) -> dict[str, datetime]: ...


class Parked(Protocol):
    """Events parked until the units they name are known."""

    async def park(self, envelope: Envelope, position: Position, waiting_for: list[str]) -> None: ...

    async def waiting_for(self, unit_id: str) -> list[Document]: ...

    async def release(self, event_id: str) -> None: ...

    async def count(self) -> int: ...


class Awardees(Protocol):
    """Awardees of decisions, with the proposing unit's path."""

    async def keep(self, rows: Sequence[Document]) -> None: ...

    async def of_subtree(
        self, unit_id: str, period: str, by_decision_date: bool = False
    ) -> list[Document]: ...


class NominationProgresses(Protocol):
    """Each nomination's progress at its level."""

    async def get(self, nomination_id: str) -> Progress: ...

    async def keep(self, nomination_id: str, progress: Progress) -> None: ...


class Rankings(Protocol):
    """The clusters' latest rankings."""

    async def keep(self, doc: Document) -> None: ...

    async def within(self, unit_id: str, year: int) -> list[Document]: ...


class Submissions(Protocol):
    """What each initiative or exemplar was counted as."""

    async def remember(self, submission_id: str, kind: str, counted_as: str) -> None: ...

    async def counted_as(self, submission_id: str) -> str | None: ...
