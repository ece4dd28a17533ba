"""Every MongoDB query of the reporting service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document, insert_new
from reporting.domain.rollup import CounterTarget, empty_counter

BULK = 25  # updates per request: FerretDB stalls past 100, and its global lock makes readers wait


class GuardDidNotHold(Exception):
    """A batched increment met a counter that had already seen one of its records."""


class FactRepository:
    """Accepted facts, one per event id: the idempotency key of every count."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._facts = db["facts"]

    async def record(
        self, event_id: str, position: Position, delta: dict[str, int], fields: dict[str, Any]
    ) -> tuple[Position, dict[str, int]]:
        """Store the fact once with its delta; return the FIRST delivery's position and delta.

        The delta is computed once, at the first delivery, so a redelivery applies exactly
        what the first one would have, even if state it was computed from moved on since.
        """
        doc = self.document(event_id, position, delta, fields)
        try:
            await self._facts.insert_one(doc)
            return position, delta
        except DuplicateKeyError:
            first = await self._facts.find_one({"_id": event_id})
            assert first is not None
            stored = {item["field"]: int(item["n"]) for item in first["delta"]}
            return Position(first["topic"], first["partition"], first["offset"]), stored

    @staticmethod
    def document(
        event_id: str, position: Position, delta: dict[str, int], fields: dict[str, Any]
    ) -> Document:
        """A fact as stored: its first position and delta, and what it is about."""
        return {
            "_id": event_id,
            "topic": position.topic,
            "partition": position.partition,
            "offset": position.offset,
            # as a list: counter fields are dotted paths, which cannot be document keys
            # (and FerretDB stores no nested arrays)
            "delta": [{"field": field, "n": n} for field, n in delta.items()],
            **fields,
        }

    async def insert_all_new(self, docs: Sequence[Document]) -> bool:
        """Insert the facts in bulk; True if none of them was stored before."""
        return len(await insert_new(self._facts, docs)) == len(docs)

    async def count(self, query: dict[str, Any]) -> int:
        """How many facts match (used by tests and rebuild checks)."""
        return await self._facts.count_documents(query)


class CounterRepository:
    """Counts per unit and period; every increment is applied at most once per record.

    A counter remembers, per (topic, partition), the highest offset it has applied. Kafka
    delivers a partition in order and we commit after effects, so a record replayed after
    a crash carries an offset the counter has already seen and changes nothing.
    """

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._counters = db["counters"]
        self._known: set[str] = set()  # counters known to exist (they are never deleted while running)
        self._changed: set[str] = set()

    async def apply(self, targets: Sequence[CounterTarget], delta: dict[str, int], first: Position) -> int:
        """Add `delta` to every target once per record; return how many counters changed."""
        if not delta:
            return 0
        applied = f"applied.{first.stream_key}"
        guard = {"$or": [{applied: {"$exists": False}}, {applied: {"$lt": first.offset}}]}
        changed = 0
        for t in targets:
            increment = {
                "$inc": {**t.fields(delta), "version": 1},
                "$set": {applied: first.offset},
            }
            result = await self._counters.update_one({"_id": t.counter_id, **guard}, increment)
            if result.matched_count == 0 and await self._create(t):
                # No match means "already applied" or "no counter yet": only the latter retries.
                result = await self._counters.update_one({"_id": t.counter_id, **guard}, increment)
            changed += result.modified_count
            if result.modified_count:
                self._changed.add(t.counter_id)
        return changed

    async def apply_batch(
        self, held: Sequence[tuple[CounterTarget, dict[tuple[str, int], dict[str, int]]]]
    ) -> None:
        """Add a batch's contributions, one guarded increment per counter, sent in bulk.

        Each counter's contributions map (stream key, offset) to a record's stored fields
        (`CounterTarget.fields`: several months go in one write). None may have been applied
        before (the caller checked that every fact of the batch is new) and every counter must
        exist (`create_missing`). A guard that does not hold means that was wrong: raise, and
        the batch is processed again record by record (the guards keep that exact).
        """
        updates = []
        for t, contributions in held:
            guard, increment = self._batched_increment(contributions)
            updates.append(UpdateOne({"_id": t.counter_id, **guard}, increment))
        matched = 0
        for start in range(0, len(updates), BULK):
            result = await self._counters.bulk_write(updates[start : start + BULK], ordered=False)
            matched += result.matched_count
        self._changed.update(t.counter_id for t, _ in held)
        if matched < len(updates):
            raise GuardDidNotHold(f"{len(updates) - matched} counters already hold part of the batch")

    @staticmethod
    def _batched_increment(
        contributions: dict[tuple[str, int], dict[str, int]],
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The guard and the increment of one counter's contributions."""
        total: dict[str, int] = {}
        lowest: dict[str, int] = {}
        highest: dict[str, int] = {}
        for (stream, offset), fields in contributions.items():
            for field, n in fields.items():
                total[field] = total.get(field, 0) + n
            lowest[stream] = min(offset, lowest.get(stream, offset))
            highest[stream] = max(offset, highest.get(stream, offset))
        guard = {
            "$and": [
                {"$or": [{f"applied.{s}": {"$exists": False}}, {f"applied.{s}": {"$lt": low}}]}
                for s, low in sorted(lowest.items())
            ]
        }
        applied = {f"applied.{s}": high for s, high in highest.items()}
        return guard, {"$inc": {**total, "version": len(contributions)}, "$set": applied}

    async def create_missing(self, targets: Sequence[CounterTarget]) -> None:
        """Create the counters not known to exist yet, in bulk (existing ones are left as they are)."""
        new = {t.counter_id: t for t in targets if t.counter_id not in self._known}
        await insert_new(self._counters, [{"_id": i, **empty_counter(t)} for i, t in sorted(new.items())])
        self._known.update(new)

    async def _create(self, t: CounterTarget) -> bool:
        """Create an empty counter; False if it already existed."""
        result = await self._counters.update_one(
            {"_id": t.counter_id}, {"$setOnInsert": empty_counter(t)}, upsert=True
        )
        return result.upserted_id is not None

    async def get(self, unit_id: str, period: str) -> Document | None:
        """One unit's counts for a period."""
        return await self._counters.find_one({"_id": f"{unit_id}:{period}"})

    def take_changed(self) -> set[str]:
        """The counters this process changed since the last call (for the snapshot publisher)."""
        changed, self._changed = self._changed, set()
        return changed

    def put_back(self, counter_ids: set[str]) -> None:
        """Counters whose snapshots could not be sent: they are taken again next time."""
        self._changed |= counter_ids

    async def by_id(self, counter_id: str) -> Document | None:
        """One counter by its id."""
        return await self._counters.find_one({"_id": counter_id})

    async def all_ids(self) -> list[str]:
        """Every counter's id (the publisher's sweep at start)."""
        return [d["_id"] for d in await self._counters.find({}, {"_id": 1}).to_list(None)]


class ListStateRepository:
    """The last counted version of each unit's list of people (to count resubmissions as deltas)."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._lists = db["individual_lists"]

    async def counts(self, list_id: str) -> dict[str, int]:
        """Counts by title of the list as last counted (empty if never)."""
        doc = await self._lists.find_one({"_id": list_id})
        return {} if doc is None else dict(doc["counts_by_title"])

    async def remember(self, list_id: str, counts: dict[str, int], version: int) -> None:
        """Record the counted version (never moves backwards)."""
        await self._lists.update_one(
            {"_id": list_id, "$or": [{"version": {"$exists": False}}, {"version": {"$lt": version}}]},
            {"$set": {"counts_by_title": counts, "version": version}},
        )
        await self._lists.update_one(
            {"_id": list_id}, {"$setOnInsert": {"counts_by_title": counts, "version": version}}, upsert=True
        )
