"""Repositories that hold a batch's writes until its facts are stored (see `reporting.batching`).

Whatever a later delta is computed from (lists counted, what a submission counted as, a
nomination's progress) must not be stored before the facts whose deltas were computed from it:
a batch that fails in between would otherwise be replayed against state that already moved on,
and count nothing. Reads see the batch's own writes first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document
from reporting import ports
from reporting.adapters.repositories import CounterRepository, FactRepository
from reporting.domain.processing import Progress
from reporting.domain.rollup import CounterTarget


class HeldFacts:
    """Facts held for one bulk insert; within the batch, the first delivery of an event wins."""

    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}

    async def record(
        self, event_id: str, position: Position, delta: dict[str, int], fields: dict[str, Any]
    ) -> tuple[Position, dict[str, int]]:
        """Hold the fact (as the live repository would store it); return the first delivery's."""
        first = self.docs.get(event_id)
        if first is None:
            self.docs[event_id] = FactRepository.document(event_id, position, delta, fields)
            return position, delta
        stored = {item["field"]: int(item["n"]) for item in first["delta"]}
        return Position(first["topic"], first["partition"], first["offset"]), stored


@dataclass
class Held:
    """The batch's contributions to one counter, one per record (by stream and offset), as stored fields."""

    target: CounterTarget
    contributions: dict[tuple[str, int], dict[str, int]]


class HeldCounters:
    """Counter increments held until the batch's facts are stored."""

    def __init__(self, live: CounterRepository) -> None:
        self._live = live
        self.held: dict[str, Held] = {}

    async def apply(self, targets: Sequence[CounterTarget], delta: dict[str, int], first: Position) -> int:
        """Hold `delta` for every target (a record's second delivery in the batch adds nothing)."""
        if not delta:
            return 0
        for t in targets:
            held = self.held.setdefault(t.counter_id, Held(t, {}))
            held.contributions.setdefault((first.stream_key, first.offset), t.fields(delta))
        return len(targets)

    async def get(self, unit_id: str, period: str) -> Any:
        """Counters are read from the live repository (queries do not run in batches)."""
        return await self._live.get(unit_id, period)


class HeldLists:
    """Lists counted in the batch, over the stored ones."""

    def __init__(self, live: ports.Lists) -> None:
        self._live = live
        self.held: dict[str, tuple[dict[str, int], int]] = {}

    async def counts(self, list_id: str) -> dict[str, int]:
        """Counts by title of the list as last counted (in the batch, else stored)."""
        if list_id in self.held:
            return dict(self.held[list_id][0])
        return await self._live.counts(list_id)

    async def remember(self, list_id: str, counts: dict[str, int], version: int) -> None:
        """Hold the counted version (never moving backwards within the batch)."""
        if list_id not in self.held or self.held[list_id][1] < version:
            self.held[list_id] = (dict(counts), version)

    async def flush(self) -> None:
        """Store what the batch counted."""
        for list_id, (counts, version) in self.held.items():
            await self._live.remember(list_id, counts, version)


class HeldSubmissions:
    """What submissions count as: the stored answer first, then the batch's."""

    def __init__(self, live: ports.Submissions) -> None:
        self._live = live
        self.held: dict[str, tuple[str, str]] = {}

    async def remember(self, submission_id: str, kind: str, counted_as: str) -> None:
        """Hold the answer (the first one stays)."""
        self.held.setdefault(submission_id, (kind, counted_as))

    async def counted_as(self, submission_id: str) -> str | None:
        """What the submission was counted as, or None."""
        stored = await self._live.counted_as(submission_id)
        if stored is None and submission_id in self.held:
            return self.held[submission_id][1]
        return stored

    async def flush(self) -> None:
        """Store the batch's answers (a stored one stays)."""
        for submission_id, (kind, counted_as) in self.held.items():
            await self._live.remember(submission_id, kind, counted_as)


class HeldProgress:
    """Nominations' progress in the batch, over the stored one."""

    def __init__(self, live: ports.NominationProgresses) -> None:
        self._live = live
        self.held: dict[str, Progress] = {}

    async def get(self, nomination_id: str) -> Progress:
        """What is known of the nomination."""
        if nomination_id in self.held:
            return self.held[nomination_id]
        return await self._live.get(nomination_id)

    async def keep(self, nomination_id: str, progress: Progress) -> None:
        """Hold the progress."""
        self.held[nomination_id] = progress

    async def flush(self) -> None:
        """Store the batch's progress."""
        for nomination_id, progress in self.held.items():
            await self._live.keep(nomination_id, progress)


class HeldParked:
    """Parking goes through at once (idempotent); releases wait until the counters are written."""

    def __init__(self, live: ports.Parked) -> None:
        self._live = live
        self.released: list[str] = []

    async def park(self, envelope: Envelope, position: Position, waiting_for: list[str]) -> None:
        """Park the event."""
        await self._live.park(envelope, position, waiting_for)

    async def waiting_for(self, unit_id: str) -> list[Document]:
        """The parked events naming the unit, less those the batch already applied."""
        return [d for d in await self._live.waiting_for(unit_id) if d["_id"] not in self.released]

    async def release(self, event_id: str) -> None:
        """Hold the release."""
        self.released.append(event_id)

    async def count(self) -> int:
        """How many events are parked (as stored)."""
        return await self._live.count()

    async def flush(self) -> None:
        """Release what the batch applied."""
        for event_id in self.released:
            await self._live.release(event_id)
