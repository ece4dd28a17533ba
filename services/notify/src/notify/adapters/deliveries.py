"""MongoDB queries of e-mail and webhook deliveries: the log, the queues of what is due, their events.

`deliveries` is the log (one document per delivery, every attempt in it). A queue per channel
(`delivery_queue_email`, `delivery_queue_webhook`) holds only what is still to be tried, and
`digest_queue` only what waits for a digest, so polling them stays cheap however long the log
grows. Every step is safe to redo after a crash: a delivery is filed where its stored status says,
queue writes are fenced by the claim that took the entry, and a finished delivery's event has an
id derived from the delivery's.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import DeleteOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.outbox import outbox_entry, outbox_fields
from notify.adapters.digest_queue import HELD, DigestQueue
from notify.domain.channels import EMAIL, WEBHOOK
from notify.domain.delivery import completion_event

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
UPDATES_PER_WRITE = 50  # FerretDB 1.24 deadlocks on an update of 100 statements or more
PENDING, SENT, DEAD = "pending", "sent", "dead_lettered"
FINAL = frozenset({SENT, DEAD})
Outcome = tuple[Document, Document, str]  # (the claimed delivery, the attempt, sent or dead-lettered)
Retry = tuple[Document, Document, datetime]  # (the claimed delivery, the attempt, when to try again)


class DeliveryBook:
    """The delivery log, a queue per channel, the digest queue and the outbox of delivery events."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._deliveries = db["deliveries"]
        self._queues = {channel: db[f"delivery_queue_{channel}"] for channel in (EMAIL, WEBHOOK)}
        self.digests = DigestQueue(db)
        self.events = db["delivery_events"]

    async def ensure_indexes(self) -> None:
        """The log by unit (newest first) and each queue by due time."""
        await self._deliveries.create_index([("unit_path", 1), ("created_at", -1)])
        for queue in self._queues.values():
            await queue.create_index("due_at")

    async def record(self, queued: Sequence[Document], held: Sequence[Document]) -> int:
        """Log deliveries to send (`queued`) or to hold for digests, filed once; returns how many are new.

        One already logged is filed again by its stored status: a crash may have come between
        logging it and filing it (the queues' own `_id` keep each entry there once).
        """
        new_queued, old_queued = await self._log(queued, PENDING)
        new_held, old_held = await self._log(held, HELD)
        everything = [*new_queued, *old_queued, *new_held, *old_held]
        for channel, queue in self._queues.items():
            entries = [
                {"_id": d["_id"], "due_at": d["created_at"], "lease_until": EPOCH, "claim": None}
                for d in everything
                if d["status"] == PENDING and d["channel"] == channel
            ]
            await insert_new(queue, entries)
        await self.digests.file([d for d in everything if d["status"] == HELD and not d.get("digest_id")])
        return len(new_queued) + len(new_held)

    async def _log(self, docs: Sequence[Document], status: str) -> tuple[list[Document], list[Document]]:
        """(inserted now in `status`, already logged as they are stored)."""
        inserted = await insert_new(self._deliveries, [{**d, "status": status, "attempts": []} for d in docs])
        fresh = {d["_id"] for d in inserted}
        stored = await asyncio.gather(*(self.get(d["_id"]) for d in docs if d["_id"] not in fresh))
        return inserted, [s for s in stored if s is not None]

    async def get(self, delivery_id: str) -> Document | None:
        """One delivery of the log."""
        return await self._deliveries.find_one({"_id": delivery_id})

    async def claim(self, channel: str, now: datetime, lease: timedelta, limit: int) -> list[Document]:
        """Take up to `limit` due deliveries of a channel for `lease` (another worker skips them).

        Each claimed delivery carries `_claim`, the token that fences this worker's queue writes.
        """
        queue, token = self._queues[channel], uuid.uuid4().hex
        due = await queue.find({"due_at": {"$lte": now}, "lease_until": {"$lte": now}}).to_list(limit)

        async def take(entry: Document) -> tuple[bool, Document | None]:
            # A compare-and-set per entry: `_id` filters are the ones FerretDB serves from its index.
            won = await queue.update_one(
                {"_id": entry["_id"], "lease_until": entry["lease_until"]},
                {"$set": {"lease_until": now + lease, "claim": token}},
            )
            return (True, await self.get(entry["_id"])) if won.modified_count == 1 else (False, None)

        taken = await asyncio.gather(*(take(e) for e in due))
        claimed, finished, vanished = [], [], []
        for entry, (won, delivery) in zip(due, taken, strict=True):
            if not won:
                continue  # another worker has it
            if delivery is None:
                vanished.append({"_id": entry["_id"], "channel": channel, "_claim": token})
            elif delivery["status"] != PENDING:
                finished.append({**delivery, "_claim": token})  # finished before a crash
            else:
                claimed.append({**delivery, "_claim": token})
        await self._dequeue(vanished)
        await self.settle(finished)
        return claimed

    async def record_failures(self, failures: Sequence[Retry]) -> None:
        """Log failed attempts and queue the next ones (only where this worker's claim still holds)."""
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
                    UpdateOne(
                        {"_id": d["_id"], "claim": d["_claim"]},
                        {"$set": {"due_at": at, "lease_until": EPOCH, "claim": None}},
                    )
                    for d, _, at in part
                    if d["channel"] == channel
                ]
                if retries:
                    await queue.bulk_write(retries, ordered=False)

    async def finish(self, outcomes: Sequence[Outcome]) -> None:
        """Log the last attempts with their outcomes, then publish each delivery's end once and dequeue."""
        ended = []
        for part in _chunks(outcomes):
            result = await self._deliveries.bulk_write(
                [
                    UpdateOne(
                        {"_id": d["_id"], "status": PENDING},
                        {"$push": {"attempts": a}, "$set": {"status": outcome, "completed_at": a["at"]}},
                    )
                    for d, a, outcome in part
                ],
                ordered=False,
            )
            if result.modified_count == len(part):  # every one ended as this worker recorded it
                ended += [
                    {**d, "status": o, "completed_at": a["at"], "attempts": [*d["attempts"], a]}
                    for d, a, o in part
                ]
                continue
            # Another worker ended some first: their stored documents say how.
            stored = await asyncio.gather(*(self.get(d["_id"]) for d, _, _ in part))
            ended += [
                {**s, "_claim": d["_claim"]}
                for s, (d, _, _) in zip(stored, part, strict=True)
                if s is not None and s["status"] in FINAL
            ]
        await self.settle(ended)

    async def settle(self, finished: Sequence[Document]) -> None:
        """Store the finished deliveries' events (once, by derived ids) and drop them from the queue."""
        if not finished:
            return
        events = [completion_event(d) for d in finished]
        await insert_new(
            self.events, [{"_id": str(e.event_id), **outbox_fields([outbox_entry(e)])} for e in events]
        )
        await self._dequeue(finished)

    async def _dequeue(self, deliveries: Sequence[Document]) -> None:
        for channel, queue in self._queues.items():
            mine = [d for d in deliveries if d["channel"] == channel]
            for part in _chunks(mine):
                await queue.bulk_write(
                    [DeleteOne({"_id": d["_id"], "claim": d["_claim"]}) for d in part], ordered=False
                )

    async def log(self, unit_id: str, status: str | None, limit: int, skip: int) -> list[Document]:
        """Deliveries to a unit and its subtree, newest first."""
        query: dict[str, Any] = {"unit_path": unit_id}
        if status:
            query["status"] = status
        cursor = self._deliveries.find(query, {"content": 0, "html": 0})
        return await cursor.sort([("created_at", -1), ("_id", 1)]).skip(skip).to_list(limit)

    async def queued(self) -> int:
        """How many deliveries are still to be tried."""
        return sum([await queue.count_documents({}) for queue in self._queues.values()])


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + UPDATES_PER_WRITE] for i in range(0, len(items), UPDATES_PER_WRITE)]
