"""Facts in MongoDB: one per event id, the idempotency key of every count (docs/decisions/0003)."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo.errors import DuplicateKeyError

from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.repository import Repository
from reporting.domain.facts import Fact


def stored_fact(fact: Fact) -> Document:
    """A fact as stored: its first position and delta, and what it is about."""
    doc: Document = {
        "_id": fact.event_id,
        "topic": fact.position.topic,
        "partition": fact.position.partition,
        "offset": fact.position.offset,
        # as a list: counter fields are dotted paths, which cannot be document keys
        # (and FerretDB stores no nested arrays)
        "delta": [{"field": field, "n": n} for field, n in fact.delta.items()],
        "event_type": fact.event_type,
        "unit_id": fact.unit_id,
        "unit_path": list(fact.unit_path),
    }
    if fact.period is not None:
        doc["period"] = fact.period
    return doc


def fact_of(doc: Document) -> Fact:
    """A stored fact."""
    return Fact(
        event_id=str(doc["_id"]),
        event_type=doc["event_type"],
        unit_id=doc["unit_id"],
        unit_path=tuple(doc["unit_path"]),
        position=Position(doc["topic"], doc["partition"], doc["offset"]),
        delta={item["field"]: int(item["n"]) for item in doc["delta"]},
        period=doc.get("period"),
    )


class FactRepository(Repository):
    """Accepted facts, one per event id."""

    collection_name = "facts"

    async def record(self, fact: Fact) -> Fact:
        """Store the fact once; return the FIRST delivery's (its position and delta)."""
        try:
            await self.collection.insert_one(stored_fact(fact))
        except DuplicateKeyError:
            first = await self.document(fact.event_id)
            assert first is not None  # facts are never deleted
            return fact_of(first)
        return fact

    async def insert_all_new(self, facts: Sequence[Fact]) -> bool:
        """Insert the facts in bulk; True if none of them was stored before."""
        return len(await insert_new(self.collection, [stored_fact(f) for f in facts])) == len(facts)
