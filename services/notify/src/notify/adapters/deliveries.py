"""MongoDB queries of e-mail and webhook deliveries: the log, the queue of what is due, digests held.

`deliveries` is the log (one document per delivery, every attempt in it). A queue per channel
(`delivery_queue_email`, `delivery_queue_webhook`) holds only what is still to be tried, and
`digest_queue` only what waits for a digest, so polling them
stays cheap however long the log grows. Every step is safe to redo after a crash: the delivery's
status is checked with compare-and-set, and a finished delivery's event has a derived id.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import DeleteOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.outbox import outbox_entry, outbox_fields
from notify.domain.channels import EMAIL, WEBHOOK
from notify.domain.delivery import completion_event

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
UPDATES_PER_WRITE = 50  # FerretDB 1.24 deadlocks on an update of 100 statements or more
PENDING, HELD, SENT, DEAD = "pending", "held", "sent", "dead_lettered"


class DeliveryBook:
    """The delivery log, its queue, the digest queue and the outbox of delivery events."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._deliveries = db["deliveries"]
        self._queues = {channel: db[f"delivery_queue_{channel}"] for channel in (EMAIL, WEBHOOK)}
        self._held = db["digest_queue"]
        self.events = db["delivery_events"]

    async def ensure_indexes(self) -> None:
        """The log by unit (newest first) and the queue by channel and due time."""
        await self._deliveries.create_index([("unit_path", 1), ("created_at", -1)])
        for queue in self._queues.values():
            await queue.create_index("due_at")

    async def _new_or_still(self, docs: Sequence[Document], status: str) -> tuple[int, list[Document]]:
        """Log the deliveries; returns how many are new, and those to (re)queue or hold.

        Those are the new ones and the ones already logged and still in `status`: a delivery logged
        before a crash may have missed its queue entry, so it is queued again (the queue's own `_id`
        keeps it there once).
        """
        inserted = await insert_new(self._deliveries, [{**d, "status": status, "attempts": []} for d in docs])
        fresh = {d["_id"] for d in inserted}
        again = []
        for doc in docs:
            if doc["_id"] not in fresh:
                existing = await self.get(doc["_id"])
                if (
                    existing is not None
                    and existing.get("status") == status
                    and not existing.get("digest_id")
                ):
                    again.append(doc)
        return len(inserted), [*inserted, *again]

    async def enqueue(self, docs: Sequence[Document]) -> int:
        """Log deliveries and queue each once (due at its `created_at`); returns how many were new."""
        count, to_queue = await self._new_or_still(docs, PENDING)
        for channel, queue in self._queues.items():
            entries = [
                {"_id": d["_id"], "due_at": d["created_at"], "lease_until": EPOCH}
                for d in to_queue
                if d["channel"] == channel
            ]
            await insert_new(queue, entries)
        return count

    async def hold(self, docs: Sequence[Document]) -> int:
        """Log deliveries that wait for their recipient's digest; returns how many were new."""
        count, to_hold = await self._new_or_still(docs, HELD)
        held = [
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
            for d in to_hold
        ]
        await insert_new(self._held, held)
        return count

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
        queue = self._queues[channel]
        due = await queue.find({"due_at": {"$lte": now}, "lease_until": {"$lte": now}}).to_list(limit)

        async def take(entry: Document) -> tuple[bool, Document | None]:
            # A compare-and-set per entry: `_id` filters are the ones FerretDB serves from its index.
            won = await queue.update_one(
                {"_id": entry["_id"], "lease_until": entry["lease_until"]},
                {"$set": {"lease_until": now + lease}},
            )
            return (True, await self.get(entry["_id"])) if won.modified_count == 1 else (False, None)

        taken = await asyncio.gather(*(take(e) for e in due))
        claimed, finished, vanished = [], [], []
        for entry, (won, delivery) in zip(due, taken, strict=True):
            if not won:
                continue  # another worker has it
            if delivery is None:
                vanished.append(entry["_id"])
            elif delivery["status"] != PENDING:
                finished.append(delivery)  # finished before a crash: only its event and dequeue remain
            else:
                claimed.append(delivery)
        await self._dequeue([{"_id": i, "channel": channel} for i in vanished])
        await self.settle(finished)
        return claimed

    async def _dequeue(self, deliveries: Sequence[Document]) -> None:
        for channel, queue in self._queues.items():
            ids = [d["_id"] for d in deliveries if d["channel"] == channel]
            for part in _chunks(ids):
                await queue.bulk_write([DeleteOne({"_id": i}) for i in part], ordered=False)

    async def record_failures(self, failures: Sequence[tuple[Document, Document, datetime]]) -> None:
        """Log failed attempts (delivery, attempt, retry at) and queue the next ones."""
        for part in _chunks(failures):
            await self._deliveries.bulk_write(
                [
                    UpdateOne({"_id": d["_id"], "status": PENDING}, {"$push": {"attempts": a}})
                    for d, a, _ in part
                ],
                ordered=False,
            )
            for channel, queue in self._queues.items():
                retries = [
                    UpdateOne({"_id": d["_id"]}, {"$set": {"due_at": at, "lease_until": EPOCH}})
                    for d, _, at in part
                    if d["channel"] == channel
                ]
                if retries:
                    await queue.bulk_write(retries, ordered=False)

    async def finish(self, outcomes: Sequence[tuple[Document, Document, str]]) -> None:
        """Log the last attempts with their outcomes (sent or dead-lettered), publish them, dequeue."""
        done = []
        for part in _chunks(outcomes):
            await self._deliveries.bulk_write(
                [
                    UpdateOne(
                        {"_id": d["_id"], "status": PENDING},
                        {"$push": {"attempts": a}, "$set": {"status": outcome, "completed_at": a["at"]}},
                    )
                    for d, a, outcome in part
                ],
                ordered=False,
            )
            done += [
                {**d, "status": o, "completed_at": a["at"], "attempts": [*d.get("attempts", []), a]}
                for d, a, o in part
            ]
        await self.settle(done)

    async def settle(self, finished: Sequence[Document]) -> None:
        """Store the finished deliveries' events (once, by derived ids) and drop them from the queue."""
        if not finished:
            return
        events = [completion_event(d) for d in finished]
        await insert_new(
            self.events, [{"_id": str(e.event_id), **outbox_fields([outbox_entry(e)])} for e in events]
        )
        await self._dequeue(finished)

    async def log(self, unit_id: str, status: str | None, limit: int, skip: int) -> list[Document]:
        """Deliveries to a unit and its subtree, newest first."""
        query: dict[str, Any] = {"unit_path": unit_id}
        if status:
            query["status"] = status
        cursor = self._deliveries.find(query, {"payload": 0})
        return await cursor.sort([("created_at", -1), ("_id", 1)]).skip(skip).to_list(limit)

    async def queued(self) -> int:
        """How many deliveries are still to be tried."""
        return sum([await queue.count_documents({}) for queue in self._queues.values()])


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + UPDATES_PER_WRITE] for i in range(0, len(items), UPDATES_PER_WRITE)]
