"""MongoDB queries of review's append-only, hash-chained log of published steps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymongo.errors import DuplicateKeyError, OperationFailure

from emutrack_kit.mongo import Document, is_duplicate_key
from emutrack_kit.repository import Repository
from review.domain.integrity import ChainRecord, append


class ChainRepository(Repository):
    """Records keyed by their position (`_id` = seq); `event_id` is unique, so a step is logged once."""

    collection_name = "review_log"

    async def ensure_indexes(self) -> None:
        """One record per event."""
        await self.collection.create_index("event_id", unique=True, name="one_record_per_event")

    async def append_once(self, event_id: str, payload: Mapping[str, Any], attempts: int = 20) -> bool:
        """Chain the payload after the current tail; False if this event is already in the log."""
        if await self._logged(event_id):
            return False
        for _ in range(attempts):
            last = await self.collection.find({}).sort("_id", -1).limit(1).to_list(1)
            record = append(_record(last[0]) if last else None, payload)
            try:
                await self.collection.insert_one(
                    {"_id": record.seq, "event_id": event_id, "prev_hash": record.prev_hash,
                     "payload": dict(record.payload), "hash": record.hash}
                )  # fmt: skip
                return True
            except (DuplicateKeyError, OperationFailure) as exc:
                if not is_duplicate_key(exc):
                    raise
                if await self._logged(event_id):
                    return False  # another consumer logged this event meanwhile
        raise RuntimeError("review log: could not append after repeated races for the tail")

    async def _logged(self, event_id: str) -> bool:
        return await self.collection.find_one({"event_id": event_id}, {"_id": 1}) is not None

    async def records(self) -> list[ChainRecord]:
        """The whole log in order."""
        return [_record(d) for d in await self.collection.find({}).sort("_id", 1).to_list(None)]


def _record(doc: Document) -> ChainRecord:
    return ChainRecord(doc["_id"], doc["prev_hash"], doc["payload"], doc["hash"])
