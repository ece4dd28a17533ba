"""MongoDB repository of the deliveries held for digests (only those are in `digest_queue`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.repository import Repository
from notify.domain.delivery import HELD, Delivery
from notify.domain.digests import HeldItem

T = TypeVar("T")
UPDATES_PER_WRITE = 50  # FerretDB 1.24 deadlocks on an update of 100 statements or more


class DigestQueue(Repository):
    """Held deliveries: given a digest id first, then released with the digest's outcome."""

    collection_name = "digest_queue"

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        super().__init__(db)
        self._deliveries = db["deliveries"]

    async def file(self, deliveries: Sequence[Delivery]) -> None:
        """Put held deliveries in the digest queue (each once)."""
        entries = [
            {
                "_id": d.delivery_id,
                "recipient": d.recipient,
                "unit_id": d.unit_id,
                "unit_path": list(d.unit_path),
                "at": d.created_at,
                "subject": d.subject,
                "body": d.body,
                "digest_id": None,
            }
            for d in deliveries
        ]
        await insert_new(self.collection, entries)

    async def all(self) -> list[HeldItem]:
        """Every delivery waiting for a digest."""
        docs = await self.collection.find({}).sort("_id", 1).to_list(None)
        return [
            HeldItem(
                delivery_id=d["_id"],
                recipient=d["recipient"],
                unit_id=d["unit_id"],
                unit_path=tuple(d["unit_path"]),
                at=d["at"],
                subject=d["subject"],
                body=d["body"],
                digest_id=d.get("digest_id"),
            )
            for d in docs
        ]

    async def assign(self, held_ids: Sequence[str], digest_id: str) -> None:
        """Give held items their digest (an item keeps the first one it was given)."""
        for part in chunks(held_ids):
            await self.collection.bulk_write(
                [UpdateOne({"_id": i, "digest_id": None}, {"$set": {"digest_id": digest_id}}) for i in part],
                ordered=False,
            )

    async def release(self, held_ids: Sequence[str], digest_id: str, outcome: str, at: datetime) -> None:
        """The items' digest is queued (`digested`) or has nobody to go to (`dropped`): final, dequeued."""
        for part in chunks(held_ids):
            fields = {"status": outcome, "digest_id": digest_id, "completed_at": at}
            await self._deliveries.bulk_write(
                [UpdateOne({"_id": i, "status": HELD}, {"$set": fields}) for i in part], ordered=False
            )
            await self.collection.delete_many({"_id": {"$in": list(part)}})


def chunks(items: Sequence[T]) -> list[Sequence[T]]:
    """The items in parts small enough for one bulk write."""
    return [items[i : i + UPDATES_PER_WRITE] for i in range(0, len(items), UPDATES_PER_WRITE)]
