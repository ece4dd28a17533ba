"""What each initiative or exemplar was counted as, so a withdrawal takes back exactly that."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document


class SubmissionKinds:
    """Submission id -> the level (initiative) or category (exemplar) it was counted under."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._items = db["submission_kinds"]

    async def remember(self, submission_id: str, kind: str, counted_as: str) -> None:
        """Keep what the submission counts as (the first answer stays)."""
        await self._items.update_one(
            {"_id": submission_id}, {"$setOnInsert": {"kind": kind, "counted_as": counted_as}}, upsert=True
        )

    async def counted_as(self, submission_id: str) -> str | None:
        """What the submission was counted as, or None if it never was."""
        doc = await self._items.find_one({"_id": submission_id})
        return None if doc is None else str(doc["counted_as"])
