"""MongoDB queries of initiatives and exemplars (one collection, told apart by `kind`)."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_append, outbox_entry, outbox_fields


class DuplicateSubmission(Exception):
    """A submission with this id exists (a retried Idempotency-Key)."""


class SubmissionRepository:
    """Initiatives and exemplars; each write carries its event (outbox) in the same document write."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._submissions = db["submissions"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._submissions

    async def add(self, doc: Document, event: Envelope) -> None:
        """Insert a submission with its event; DuplicateSubmission if the id is taken."""
        try:
            await self._submissions.insert_one({**doc, **outbox_fields([outbox_entry(event)])})
        except DuplicateKeyError as exc:
            raise DuplicateSubmission(doc["_id"]) from exc

    async def get(self, submission_id: str) -> Document | None:
        """One submission (without its outbox)."""
        return await self._submissions.find_one({"_id": submission_id}, {"_outbox": 0})

    async def withdraw(self, submission_id: str, record: Document, event: Envelope) -> bool:
        """Mark it withdrawn if it is still submitted, with its event; False if it was not."""
        update = outbox_append([outbox_entry(event)])
        update["$set"]["status"] = "withdrawn"
        update["$push"]["history"] = record
        result = await self._submissions.update_one({"_id": submission_id, "status": "submitted"}, update)
        return result.modified_count == 1

    async def search(self, query: Document, limit: int, skip: int) -> tuple[list[Document], int]:
        """A page of submissions matching `query`, oldest first, and the total count."""
        page = (
            await self._submissions.find(query, {"_outbox": 0})
            .sort([("submitted_at", 1), ("_id", 1)])
            .skip(skip)
            .to_list(limit)
        )
        return page, await self._submissions.count_documents(query)
