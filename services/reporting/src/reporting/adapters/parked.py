"""Events parked until the units they name are known (never dropped), with their first Kafka position."""

from __future__ import annotations

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository


def first_parked(envelope: Envelope, position: Position) -> Document:
    """What parking stores once: the envelope and its first position (without the `_id`)."""
    return {
        "envelope": envelope.model_dump(mode="json"),
        "topic": position.topic,
        "partition": position.partition,
        "offset": position.offset,
    }


def waiting(envelope: Envelope, waiting_for: list[str]) -> Document:
    """What parking sets each time: the units waited for."""
    return {"waiting_for": list(waiting_for), "event_type": envelope.event_type}


class ParkedEvents(Repository):
    """One document per parked event: the envelope, its first position, the units it waits for."""

    collection_name = "parked_events"

    async def park(self, envelope: Envelope, position: Position, waiting_for: list[str]) -> None:
        """Park the event (again: the position of its first delivery is kept)."""
        await self.collection.update_one(
            {"_id": str(envelope.event_id)},
            {"$set": waiting(envelope, waiting_for), "$setOnInsert": first_parked(envelope, position)},
            upsert=True,
        )

    async def waiting_for(self, unit_id: str) -> list[Envelope]:
        """The parked events that name this unit (the collection holds only what is parked)."""
        docs = await self.collection.find({"waiting_for": unit_id}).to_list(None)
        return [Envelope.model_validate(d["envelope"]) for d in docs]

    async def release(self, event_id: str) -> None:
        """The event was applied: it is parked no longer."""
        await self.collection.delete_one({"_id": event_id})

    async def count(self) -> int:
        """How many events are parked (operations and tests)."""
        return await self.collection.count_documents({})
