"""Events parked until the units they name are known (never dropped), with their Kafka position."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document


class ParkedEvents:
    """One document per parked event: the envelope, its first position, the units it waits for."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._parked = db["parked_events"]

    async def park(self, envelope: Envelope, position: Position, waiting_for: list[str]) -> None:
        """Park the event (again: the position of its first delivery is kept)."""
        await self._parked.update_one(
            {"_id": str(envelope.event_id)},
            {
                "$set": {"waiting_for": waiting_for, "event_type": envelope.event_type},
                "$setOnInsert": {
                    "envelope": envelope.model_dump(mode="json"),
                    "topic": position.topic,
                    "partition": position.partition,
                    "offset": position.offset,
                },
            },
            upsert=True,
        )

    async def waiting_for(self, unit_id: str) -> list[Document]:
        """The parked events that name this unit (the collection holds only what is parked)."""
        return await self._parked.find({"waiting_for": unit_id}).to_list(None)

    async def release(self, event_id: str) -> None:
        """The event was applied: it is parked no longer."""
        await self._parked.delete_one({"_id": event_id})

    async def count(self) -> int:
        """How many events are parked."""
        return await self._parked.count_documents({})
