"""Transactional outbox without transactions: events ride on the document they describe.

A state change writes the document and its new events in ONE write (`_outbox` array);
the relay publishes what is pending, waits for the broker's acknowledgement, then marks
the document published with a compare-and-set on `_outbox_seq`. A crash in between
republishes the same event ids, which consumers deduplicate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, Protocol

from pymongo import DeleteOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from emutrack_contracts import Envelope

log = logging.getLogger(__name__)

PENDING = "_outbox_pending"
STATEMENTS_PER_WRITE = 50  # FerretDB 1.24 deadlocks on an update of 100 statements or more


def outbox_entry(envelope: Envelope, key: str | None = None) -> dict[str, Any]:
    """One outbox item: the envelope and its Kafka key (default: the owning unit)."""
    return {"key": key or envelope.unit_id, "envelope": envelope.model_dump(mode="json")}


def outbox_fields(entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Fields to store on a newly inserted document together with its events."""
    return {"_outbox": list(entries), "_outbox_seq": len(entries), "_outbox_published": 0, PENDING: True}


def outbox_append(entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Update operators that append events to an existing document in the same write."""
    return {
        "$push": {"_outbox": {"$each": list(entries)}},
        "$inc": {"_outbox_seq": len(entries)},
        "$set": {PENDING: True},
    }


def versioned_update(fields: dict[str, Any], events: Sequence[Envelope] = ()) -> dict[str, Any]:
    """A compare-and-set update: set `fields`, bump `version`, and append the events in the same write."""
    if not events:
        return {"$set": fields, "$inc": {"version": 1}}
    update = outbox_append([outbox_entry(e) for e in events])
    update["$set"].update(fields)
    update["$inc"]["version"] = 1
    return update


class Publisher(Protocol):
    """Publishes outbox items and returns once the broker acknowledged all of them."""

    async def publish_entries(self, entries: Sequence[dict[str, Any]]) -> None: ...


class PollingLoop(ABC):
    """A background loop calling `publish_pending` until stopped; idles when nothing was sent."""

    def __init__(self, idle_interval: float) -> None:
        self.idle_interval = idle_interval
        self._stopping = asyncio.Event()

    @abstractmethod
    async def publish_pending(self) -> int:
        """Publish what is pending; return how many events were sent."""

    async def run(self) -> None:
        """Loop until stopped; errors are logged and retried after a pause."""
        while not self._stopping.is_set():
            try:
                sent = await self.publish_pending()
            except Exception:  # the loop must outlive broker or database hiccups
                log.exception("%s failed; retrying", type(self).__name__)
                sent = 0
                await asyncio.sleep(1.0)
            if sent == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.idle_interval)

    def stop(self) -> None:
        """Ask `run` to return after its current pass."""
        self._stopping.set()


class OutboxRelay(PollingLoop):
    """Polls collections for pending events and publishes them in order per document."""

    def __init__(
        self,
        collections: Sequence[AsyncCollection[dict[str, Any]]],
        publisher: Publisher,
        *,
        batch_size: int = 500,
        idle_interval: float = 0.05,
        delete_published: bool = False,
    ) -> None:
        self._collections = collections
        self._publisher = publisher
        self._batch_size = batch_size
        # For collections of events alone (no state beside them): a published entry is deleted,
        # so the pending scan stays as small as what is pending.
        self._delete_published = delete_published
        super().__init__(idle_interval)

    async def ensure_indexes(self) -> None:
        """Index the pending flag so polling stays cheap."""
        for coll in self._collections:
            await coll.create_index(PENDING)

    async def publish_pending(self) -> int:
        """Publish one batch of pending events per collection; return how many were sent."""
        sent = 0
        for coll in self._collections:
            try:
                sent += await self._publish_collection(coll)
            except Exception:  # one collection's failure must not hold back the others
                log.exception("outbox relay: publishing from %s failed; retrying later", coll.name)
        return sent

    async def _publish_collection(self, coll: AsyncCollection[dict[str, Any]]) -> int:
        docs = await coll.find(
            {PENDING: True}, {"_outbox": 1, "_outbox_seq": 1, "_outbox_published": 1}
        ).to_list(self._batch_size)
        if not docs:
            return 0
        # A document created without events (a draft) has no `_outbox_published` until its first send.
        entries = [e for d in docs for e in d["_outbox"][d.get("_outbox_published", 0) : d["_outbox_seq"]]]
        await self._publisher.publish_entries(entries)
        for start in range(0, len(docs), STATEMENTS_PER_WRITE):
            part = docs[start : start + STATEMENTS_PER_WRITE]
            if self._delete_published:
                marks: list[Any] = [
                    DeleteOne({"_id": d["_id"], "_outbox_seq": d["_outbox_seq"]}) for d in part
                ]
            else:
                marks = [
                    UpdateOne(
                        {"_id": d["_id"], "_outbox_seq": d["_outbox_seq"]},
                        {"$set": {"_outbox_published": d["_outbox_seq"], PENDING: False}},
                    )
                    for d in part
                ]
            await coll.bulk_write(marks, ordered=False)
        return len(entries)
