"""MongoDB queries of e-mail and webhook deliveries: the log, the queue of what is due, digests held.

`deliveries` is the log (one document per delivery, every attempt in it). `delivery_queue` holds
only what is still to be tried and `digest_queue` only what waits for a digest, so polling them
stays cheap however long the log grows. Every step is safe to redo after a crash: the delivery's
status is checked with compare-and-set, and a finished delivery's event has a derived id.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_entry, outbox_fields
from notify.domain.delivery import completion_event

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PENDING, HELD, SENT, DEAD = "pending", "held", "sent", "dead_lettered"


class DeliveryBook:
    """The delivery log, its queue, the digest queue and the outbox of delivery events."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._deliveries = db["deliveries"]
        self._queue = db["delivery_queue"]
        self._held = db["digest_queue"]
        self.events = db["delivery_events"]

    async def ensure_indexes(self) -> None:
        """The log by unit (newest first) and the queue by channel and due time."""
        await self._deliveries.create_index([("unit_path", 1), ("created_at", -1)])
        await self._queue.create_index([("channel", 1), ("due_at", 1)])

    async def _insert(self, delivery: Document) -> Document | None:
        """Insert a new delivery; the stored one if it already exists (None = inserted now)."""
        try:
            await self._deliveries.insert_one(delivery)
        except DuplicateKeyError:
            return await self._deliveries.find_one({"_id": delivery["_id"]})
        return None

    async def enqueue(self, delivery: Document, due_at: datetime) -> bool:
        """Log a delivery and queue it once; False if it already existed."""
        existing = await self._insert({**delivery, "status": PENDING, "attempts": []})
        if existing is None or existing.get("status") == PENDING:
            queued = {"channel": delivery["channel"], "due_at": due_at, "lease_until": EPOCH}
            await self._queue.update_one({"_id": delivery["_id"]}, {"$setOnInsert": queued}, upsert=True)
        return existing is None

    async def hold(self, delivery: Document) -> bool:
        """Log a delivery that waits for its recipient's digest; False if it already existed."""
        existing = await self._insert({**delivery, "status": HELD, "attempts": []})
        if existing is None or (existing.get("status") == HELD and not existing.get("digest_id")):
            held = {
                "recipient": delivery["recipient"],
                "unit_id": delivery["unit_id"],
                "unit_path": delivery["unit_path"],
                "at": delivery["digest_day"],
                "subject": delivery["subject"],
                "body": delivery["body"],
                "digest_id": None,
            }
            await self._held.update_one({"_id": delivery["_id"]}, {"$setOnInsert": held}, upsert=True)
        return existing is None

    async def held(self) -> list[Document]:
        """Every delivery waiting for a digest (the queue holds only those)."""
        return await self._held.find({}).sort("_id", 1).to_list(None)

    async def assign_digest(self, held_ids: Sequence[str], digest_id: str) -> None:
        """Give held items their digest (an item keeps the first one it was given)."""
        for held_id in held_ids:
            await self._held.update_one(
                {"_id": held_id, "digest_id": None}, {"$set": {"digest_id": digest_id}}
            )

    async def release_held(self, held_ids: Sequence[str], digest_id: str) -> None:
        """The digest carrying these items is queued: mark them and drop them from the digest queue."""
        for held_id in held_ids:
            await self._deliveries.update_one({"_id": held_id}, {"$set": {"digest_id": digest_id}})
            await self._held.delete_one({"_id": held_id})

    async def get(self, delivery_id: str) -> Document | None:
        """One delivery of the log."""
        return await self._deliveries.find_one({"_id": delivery_id})

    async def claim(self, channel: str, now: datetime, lease: timedelta, limit: int) -> list[Document]:
        """Take up to `limit` due deliveries of a channel for `lease` (another worker skips them)."""
        due = await self._queue.find(
            {"channel": channel, "due_at": {"$lte": now}, "lease_until": {"$lte": now}}
        ).to_list(limit)
        claimed = []
        for entry in due:
            won = await self._queue.update_one(
                {"_id": entry["_id"], "lease_until": entry["lease_until"]},
                {"$set": {"lease_until": now + lease}},
            )
            if won.modified_count != 1:
                continue
            delivery = await self.get(entry["_id"])
            if delivery is None:
                await self._queue.delete_one({"_id": entry["_id"]})
            elif delivery["status"] != PENDING:
                await self.settle(delivery)  # finished before a crash: only its event and dequeue remain
            else:
                claimed.append(delivery)
        return claimed

    async def record_failure(self, delivery_id: str, attempt: Document, retry_at: datetime) -> None:
        """Log a failed attempt and queue the next one."""
        await self._deliveries.update_one(
            {"_id": delivery_id, "status": PENDING}, {"$push": {"attempts": attempt}}
        )
        await self._queue.update_one(
            {"_id": delivery_id}, {"$set": {"due_at": retry_at, "lease_until": EPOCH}}
        )

    async def finish(self, delivery_id: str, attempt: Document, outcome: str) -> None:
        """Log the last attempt with the outcome (sent or dead-lettered), publish it, dequeue."""
        await self._deliveries.update_one(
            {"_id": delivery_id, "status": PENDING},
            {"$push": {"attempts": attempt}, "$set": {"status": outcome, "completed_at": attempt["at"]}},
        )
        delivery = await self.get(delivery_id)
        if delivery is not None:
            await self.settle(delivery)

    async def settle(self, delivery: Document) -> None:
        """Store the finished delivery's event (once, by its derived id) and drop it from the queue."""
        event = completion_event(delivery)
        with contextlib.suppress(DuplicateKeyError):
            await self.events.insert_one({"_id": str(event.event_id), **outbox_fields([outbox_entry(event)])})
        await self._queue.delete_one({"_id": delivery["_id"]})

    async def log(self, unit_id: str, status: str | None, limit: int, skip: int) -> list[Document]:
        """Deliveries to a unit and its subtree, newest first."""
        query: dict[str, Any] = {"unit_path": unit_id}
        if status:
            query["status"] = status
        cursor = self._deliveries.find(query, {"payload": 0})
        return await cursor.sort([("created_at", -1), ("_id", 1)]).skip(skip).to_list(limit)

    async def queued(self) -> int:
        """How many deliveries are still to be tried."""
        return await self._queue.count_documents({})
