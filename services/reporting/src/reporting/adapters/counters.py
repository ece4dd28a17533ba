"""Counters in MongoDB: numbers per unit and period, each record applied at most once (docs/decisions/0003).

A counter remembers, per (topic, partition), the highest offset it has applied. Kafka delivers a
partition in order and offsets are committed after effects, so a record replayed after a crash
carries an offset the counter has already seen and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.repository import Repository
from reporting.domain.numbers import Counter, Delta, Numbers
from reporting.domain.rollup import CounterTarget

BULK = 25  # updates per request: FerretDB stalls past 100, and its global lock makes readers wait


class GuardDidNotHold(Exception):
    """A batched increment met a counter that had already seen one of its records."""


def empty_counter(t: CounterTarget) -> Document:
    """A target's counter before anything was counted (without its `_id`)."""
    return {
        "unit_id": t.unit_id,
        "unit_path": list(t.unit_path),
        "period": t.period,
        **Numbers.zero().fields(),
        "months": {},
        "applied": {},
        "version": 0,
    }


def counter_of(doc: Document) -> Counter:
    """A stored counter's numbers, its months' and its version."""
    months = {month: Numbers.of(counted) for month, counted in doc.get("months", {}).items()}
    return Counter(Numbers.of(doc), months, int(doc.get("version", 0)))


@dataclass
class Contributions:
    """What a batch adds to one counter: each record's stored fields, by (stream, offset)."""

    target: CounterTarget
    by_record: dict[tuple[str, int], Delta] = field(default_factory=dict)

    def guarded_increment(self) -> UpdateOne:
        """One update adding every record's fields, refused if the counter saw any of them."""
        total: Delta = {}
        lowest: dict[str, int] = {}
        highest: dict[str, int] = {}
        for (stream, offset), fields in self.by_record.items():
            for name, n in fields.items():
                total[name] = total.get(name, 0) + n
            lowest[stream] = min(offset, lowest.get(stream, offset))
            highest[stream] = max(offset, highest.get(stream, offset))
        guard = {"$and": [_not_applied(stream, low) for stream, low in sorted(lowest.items())]}
        applied = {f"applied.{stream}": high for stream, high in highest.items()}
        increment = {"$inc": {**total, "version": len(self.by_record)}, "$set": applied}
        return UpdateOne({"_id": self.target.counter_id, **guard}, increment)


def _not_applied(stream: str, offset: int) -> Document:
    applied = f"applied.{stream}"
    return {"$or": [{applied: {"$exists": False}}, {applied: {"$lt": offset}}]}


class CounterRepository(Repository):
    """Counts per unit and period; remembers which counters this process changed (for snapshots)."""

    collection_name = "counters"

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        super().__init__(db)
        self._known: set[str] = set()  # counters known to exist (they are never deleted while running)
        self._changed: set[str] = set()

    async def apply(self, targets: Sequence[CounterTarget], delta: Delta, first: Position) -> None:
        """Add `delta` to every target once per record."""
        if not delta:
            return
        guard = _not_applied(first.stream_key, first.offset)
        for t in targets:
            increment = {
                "$inc": {**t.fields(delta), "version": 1},
                "$set": {f"applied.{first.stream_key}": first.offset},
            }
            result = await self.collection.update_one({"_id": t.counter_id, **guard}, increment)
            if result.matched_count == 0 and await self._create(t):
                # No match means "already applied" or "no counter yet": only the latter retries.
                result = await self.collection.update_one({"_id": t.counter_id, **guard}, increment)
            if result.modified_count:
                self._changed.add(t.counter_id)

    async def _create(self, t: CounterTarget) -> bool:
        """Create an empty counter; False if it already existed."""
        result = await self.collection.update_one(
            {"_id": t.counter_id}, {"$setOnInsert": empty_counter(t)}, upsert=True
        )
        return result.upserted_id is not None

    async def create_missing(self, targets: Sequence[CounterTarget]) -> None:
        """Create the counters not known to exist yet, in bulk (existing ones are left as they are)."""
        new = {t.counter_id: t for t in targets if t.counter_id not in self._known}
        await insert_new(self.collection, [{"_id": i, **empty_counter(t)} for i, t in sorted(new.items())])
        self._known.update(new)

    async def apply_batch(self, held: Sequence[Contributions]) -> None:
        """Add a batch's contributions, one guarded increment per counter, sent in bulk.

        None may have been applied before (every fact of the batch was new) and every counter must
        exist (`create_missing`). A guard that does not hold means that was wrong: raise, and the
        batch is counted again record by record (the per-record guards keep that exact).
        """
        updates = [one.guarded_increment() for one in held]
        matched = 0
        for start in range(0, len(updates), BULK):
            result = await self.collection.bulk_write(updates[start : start + BULK], ordered=False)
            matched += result.matched_count
        self._changed.update(one.target.counter_id for one in held)
        if matched < len(updates):
            raise GuardDidNotHold(f"{len(updates) - matched} counters already hold part of the batch")

    async def get(self, unit_id: str, period: str) -> Counter | None:
        """One unit's counter of a period."""
        doc = await self.document(f"{unit_id}:{period}")
        return None if doc is None else counter_of(doc)

    def take_changed(self) -> set[str]:
        """The counters this process changed since the last call (for the snapshot publisher)."""
        changed, self._changed = self._changed, set()
        return changed

    def put_back(self, counter_ids: set[str]) -> None:
        """Counters whose snapshots could not be sent: they are taken again next time."""
        self._changed |= counter_ids

    async def all_ids(self) -> list[str]:
        """Every counter's id (the publisher's sweep at start)."""
        return [d["_id"] for d in await self.collection.find({}, {"_id": 1}).to_list(None)]
