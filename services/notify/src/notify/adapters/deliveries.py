"""MongoDB repositories of e-mail and webhook deliveries: the log, the queues of what is due, their events.

`deliveries` is the log (one document per delivery, every attempt in it). A queue per channel
(`delivery_queue_email`, `delivery_queue_webhook`) holds only what is still to be tried, and
`digest_queue` only what waits for a digest, so polling them stays cheap however long the log
grows (docs/decisions/0014). Every step is safe to redo after a crash: a delivery is filed where
its stored status says, and queue writes are fenced by the claim that took the entry.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from pymongo import DeleteOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.repository import Repository
from notify.adapters.delivery_records import attempt_document, delivery_document, delivery_of
from notify.adapters.digest_queue import DigestQueue, chunks
from notify.domain.channels import EMAIL, WEBHOOK
from notify.domain.delivery import FINAL, HELD, PENDING, Delivery, Ended, Retried, ended

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NEWEST_FIRST = (("created_at", -1), ("_id", 1))


@dataclass(frozen=True)
class Claimed:
    """What a claim took: deliveries due to be tried, and deliveries that had ended before a crash."""

    due: list[Delivery]
    ended: list[Delivery]


class DeliveryBook(Repository):
    """The delivery log and a queue per outside channel (held ones go to the digest queue)."""

    collection_name = "deliveries"

    def __init__(self, db: AsyncDatabase[Document], digests: DigestQueue) -> None:
        super().__init__(db)
        self._queues = {channel: db[f"delivery_queue_{channel}"] for channel in (EMAIL, WEBHOOK)}
        self._digests = digests

    async def ensure_indexes(self) -> None:
        """The log by unit (newest first) and each queue by due time."""
        await self.collection.create_index([("unit_path", 1), ("created_at", -1)])
        for queue in self._queues.values():
            await queue.create_index("due_at")

    async def record(self, queued: Sequence[Delivery], held: Sequence[Delivery]) -> int:
        """Log deliveries to send (`queued`) or to hold for digests, filed once; returns how many are new.

        One already logged is filed again by its stored status: a crash may have come between
        logging it and filing it (the queues' own `_id` keep each entry there once).
        """
        new_queued, old_queued = await self._log(queued, PENDING)
        new_held, old_held = await self._log(held, HELD)
        everything = [*new_queued, *old_queued, *new_held, *old_held]
        for channel, queue in self._queues.items():
            entries = [
                {"_id": d.delivery_id, "due_at": d.created_at, "lease_until": EPOCH, "claim": None}
                for d in everything
                if d.status == PENDING and d.channel == channel
            ]
            await insert_new(queue, entries)
        await self._digests.file([d for d in everything if d.status == HELD and not d.digest_id])
        return len(new_queued) + len(new_held)

    async def _log(
        self, deliveries: Sequence[Delivery], status: str
    ) -> tuple[list[Delivery], list[Delivery]]:
        """(inserted now in `status`, already logged as they are stored)."""
        fresh = [replace(d, status=status, attempts=()) for d in deliveries]
        inserted = {
            d["_id"] for d in await insert_new(self.collection, [delivery_document(d) for d in fresh])
        }
        stored = await asyncio.gather(
            *(self.get(d.delivery_id) for d in fresh if d.delivery_id not in inserted)
        )
        return [d for d in fresh if d.delivery_id in inserted], [s for s in stored if s is not None]

    async def get(self, delivery_id: str) -> Delivery | None:
        """One delivery of the log."""
        doc = await self.collection.find_one({"_id": delivery_id})
        return None if doc is None else delivery_of(doc)

    async def claim(self, channel: str, now: datetime, lease: timedelta, limit: int) -> Claimed:
        """Take up to `limit` due deliveries of a channel for `lease` (another worker skips them).

        Each one taken carries `claim`, the token that fences this worker's queue writes.
        """
        queue, token = self._queues[channel], uuid.uuid4().hex
        due = await queue.find({"due_at": {"$lte": now}, "lease_until": {"$lte": now}}).to_list(limit)

        async def take(entry: Document) -> tuple[bool, Delivery | None]:
            # A compare-and-set per entry: `_id` filters are the ones FerretDB serves from its index.
            won = await queue.update_one(
                {"_id": entry["_id"], "lease_until": entry["lease_until"]},
                {"$set": {"lease_until": now + lease, "claim": token}},
            )
            return (True, await self.get(entry["_id"])) if won.modified_count == 1 else (False, None)

        taken = await asyncio.gather(*(take(e) for e in due))
        claimed = Claimed([], [])
        vanished = []
        for entry, (won, delivery) in zip(due, taken, strict=True):
            if not won:
                continue  # another worker has it
            if delivery is None:
                vanished.append(entry["_id"])
            else:
                mine = replace(delivery, claim=token)
                (claimed.due if delivery.status == PENDING else claimed.ended).append(mine)
        await _delete_claimed(queue, [(the_id, token) for the_id in vanished])
        return claimed

    async def record_failures(self, retries: Sequence[Retried]) -> None:
        """Log failed attempts and queue the next ones (only where this worker's claim still holds)."""
        for part in chunks(retries):
            await self.collection.bulk_write(
                [
                    UpdateOne(
                        {"_id": r.delivery.delivery_id, "status": PENDING},
                        {"$push": {"attempts": attempt_document(r.attempt)}},
                    )
                    for r in part
                ],
                ordered=False,
            )
            for channel, queue in self._queues.items():
                again = [
                    UpdateOne(
                        {"_id": r.delivery.delivery_id, "claim": r.delivery.claim},
                        {"$set": {"due_at": r.due_at, "lease_until": EPOCH, "claim": None}},
                    )
                    for r in part
                    if r.delivery.channel == channel
                ]
                if again:
                    await queue.bulk_write(again, ordered=False)

    async def finish(self, outcomes: Sequence[Ended]) -> list[Delivery]:
        """Log the last attempts with their outcomes; the deliveries as they ended (another worker's way)."""
        done: list[Delivery] = []
        for part in chunks(outcomes):
            result = await self.collection.bulk_write(
                [
                    UpdateOne(
                        {"_id": o.delivery.delivery_id, "status": PENDING},
                        {
                            "$push": {"attempts": attempt_document(o.attempt)},
                            "$set": {"status": o.status, "completed_at": o.attempt.at},
                        },
                    )
                    for o in part
                ],
                ordered=False,
            )
            if result.modified_count == len(part):  # every one ended as this worker recorded it
                done += [ended(o) for o in part]
                continue
            # Another worker ended some first: their stored documents say how.
            stored = await asyncio.gather(*(self.get(o.delivery.delivery_id) for o in part))
            done += [
                replace(s, claim=o.delivery.claim)
                for s, o in zip(stored, part, strict=True)
                if s is not None and s.status in FINAL
            ]
        return done

    async def dequeue(self, deliveries: Sequence[Delivery]) -> None:
        """Drop ended deliveries from their queue (where the claim that took them still holds)."""
        for channel, queue in self._queues.items():
            await _delete_claimed(
                queue, [(d.delivery_id, d.claim) for d in deliveries if d.channel == channel]
            )

    async def log(self, unit_id: str, status: str | None, limit: int, skip: int) -> list[Delivery]:
        """Deliveries to a unit and its subtree, newest first."""
        query: Document = {"unit_path": unit_id, **({"status": status} if status else {})}
        return [delivery_of(d) for d in (await self.page(query, NEWEST_FIRST, limit, skip)).items]

    async def queued(self) -> int:
        """How many deliveries are still to be tried."""
        return sum([await queue.count_documents({}) for queue in self._queues.values()])


async def _delete_claimed(
    queue: AsyncCollection[Document], entries: Sequence[tuple[str, str | None]]
) -> None:
    for part in chunks(entries):
        await queue.bulk_write([DeleteOne({"_id": i, "claim": token}) for i, token in part], ordered=False)
