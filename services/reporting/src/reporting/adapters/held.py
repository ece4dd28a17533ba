"""The batch's unit of work: a batch counted with one write per counter (docs/decisions/0017).

The use cases run record by record over it. It holds the facts, the counters' increments and the
state later deltas are computed from (lists counted, what submissions counted as, nominations'
progress): that state must not be stored before the facts whose deltas were computed from it, or a
batch failing in between would be counted again against state that moved on, and count nothing.
Reads see the batch's own writes. What no delta depends on (rounds, awardees, rankings, the tree,
parking) goes through at once: those writes are idempotent either way.
"""

from __future__ import annotations

from collections.abc import Sequence

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from emutrack_kit.unit_of_work import Duplicate
from reporting.adapters.counters import Contributions, CounterRepository
from reporting.adapters.live import LiveUnitOfWork
from reporting.adapters.memory import MemoryFacts, MemoryLists, MemoryProgress, MemorySubmissions
from reporting.domain.numbers import Counter, Delta
from reporting.domain.rollup import CounterTarget
from reporting.usecases.unit_of_work import Parked


class HeldCounters:
    """Counter increments held until the batch's facts are stored; reads go to the stored counters."""

    def __init__(self, stored: CounterRepository) -> None:
        self._stored = stored
        self.held: dict[str, Contributions] = {}

    async def apply(self, targets: Sequence[CounterTarget], delta: Delta, first: Position) -> None:
        """Hold `delta` for every target (a record's second delivery in the batch adds nothing)."""
        if not delta:
            return
        for t in targets:
            held = self.held.setdefault(t.counter_id, Contributions(t))
            held.by_record.setdefault((first.stream_key, first.offset), t.fields(delta))

    async def get(self, unit_id: str, period: str) -> Counter | None:
        """A stored counter (queries do not run in batches)."""
        return await self._stored.get(unit_id, period)

    async def write(self) -> None:
        """Create the counters missing so far, then one guarded increment per counter."""
        held = list(self.held.values())
        await self._stored.create_missing([one.target for one in held])
        await self._stored.apply_batch(held)


class HeldParked:
    """Parking goes through at once (it is idempotent); releases wait until the counters are written."""

    def __init__(self, stored: Parked) -> None:
        self._stored = stored
        self.released: list[str] = []

    async def park(self, envelope: Envelope, position: Position, waiting_for: list[str]) -> None:
        """Park the event."""
        await self._stored.park(envelope, position, waiting_for)

    async def waiting_for(self, unit_id: str) -> list[Envelope]:
        """The parked events naming the unit, less those the batch already counted."""
        return [e for e in await self._stored.waiting_for(unit_id) if str(e.event_id) not in self.released]

    async def release(self, event_id: str) -> None:
        """Hold the release."""
        self.released.append(event_id)

    async def write(self) -> None:
        """Release what the batch counted."""
        for event_id in self.released:
            await self._stored.release(event_id)


class BatchUnitOfWork:
    """One batch over the live read models: facts, counters and delta-bearing state held until `commit`."""

    def __init__(self, live: LiveUnitOfWork) -> None:
        self._live = live
        self.facts = MemoryFacts()
        self.counters = HeldCounters(live.counters)
        self.lists = MemoryLists(live.lists)
        self.submissions = MemorySubmissions(live.submissions)
        self.progress = MemoryProgress(live.progress)
        self.parked = HeldParked(live.parked)
        self.rounds = live.rounds
        self.awardees = live.awardees
        self.rankings = live.rankings
        self.calendars = live.calendars
        self.tree = live.tree

    async def commit(self) -> None:
        """Write the batch in the order that makes a crash at any point safe (docs/decisions/0017).

        1. The facts, in one bulk insert. If any was stored before (a redelivery, a republished
           event), raise `Duplicate`: only the per-record path, with its stored first deltas and
           per-stream offset guards, is exact then.
        2. The held state.
        3. The counters: the missing ones created, then one guarded increment each.
        4. The releases of the parked events the batch counted.

        A redelivered batch finds its facts and takes the per-record path; counters already
        incremented refuse its records again; a parked decision stays parked until its counters
        are written.
        """
        facts = list(self.facts.facts.values())
        if not await self._live.facts.insert_all_new(facts):
            raise Duplicate("facts", "one of the batch's facts")
        await self.lists.write()
        await self.submissions.write()
        await self.progress.write()
        await self.counters.write()
        await self.parked.write()
