"""MongoDB queries of the deliveries held for digests (only those are in `digest_queue`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document, insert_new

HELD, DIGESTED, DROPPED = "held", "digested", "dropped"


class DigestQueue:
    """Held deliveries: given a digest id first, then released with the digest's outcome."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._held = db["digest_queue"]
        self._deliveries = db["deliveries"]

    async def file(self, deliveries: Sequence[Document]) -> None:
        """Put held deliveries in the digest queue (each once)."""
        entries = [
            {
                "_id": d["_id"],
                "recipient": d["recipient"],
                "unit_id": d["unit_id"],
                "unit_path": d["unit_path"],
                "at": d["created_at"],
                "subject": d["subject"],
                "body": d["body"],
                "digest_id": None,
            }
            for d in deliveries
        ]
        await insert_new(self._held, entries)

    async def all(self) -> list[Document]:
        """Every delivery waiting for a digest."""
        return await self._held.find({}).sort("_id", 1).to_list(None)

    async def assign(self, held_ids: Sequence[str], digest_id: str) -> None:
        """Give held items their digest (an item keeps the first one it was given)."""
        for part in _chunks(held_ids):
            await self._held.bulk_write(
                [UpdateOne({"_id": i, "digest_id": None}, {"$set": {"digest_id": digest_id}}) for i in part],
                ordered=False,
            )

    async def release(self, held_ids: Sequence[str], digest_id: str, outcome: str, at: datetime) -> None:
        """The items' digest is queued (`digested`) or has nobody to go to (`dropped`): final, dequeued."""
        for part in _chunks(held_ids):
            fields = {"status": outcome, "digest_id": digest_id, "completed_at": at}
            await self._deliveries.bulk_write(
                [UpdateOne({"_id": i, "status": HELD}, {"$set": fields}) for i in part], ordered=False
            )
            await self._held.delete_many({"_id": {"$in": list(part)}})


def _chunks(items: Sequence[str], size: int = 50) -> list[Sequence[str]]:
    # FerretDB 1.24 deadlocks on an update of 100 statements or more.
    return [items[i : i + size] for i in range(0, len(items), size)]
