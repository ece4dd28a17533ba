"""MongoDB queries of each nomination's progress at its level (to count review numbers once)."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document
from reporting.domain.processing import Progress


class NominationProgress:
    """Nomination id -> first receipt, returned once, finished."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._items = db["nomination_progress"]

    async def get(self, nomination_id: str) -> Progress:
        """What is known of the nomination (nothing yet: an empty progress)."""
        doc = await self._items.find_one({"_id": nomination_id})
        if doc is None:
            return Progress()
        return Progress(
            doc.get("received_at"), bool(doc.get("returned")), bool(doc.get("finished")), doc.get("year")
        )

    async def keep(self, nomination_id: str, progress: Progress) -> None:
        """Store the progress (idempotent: the same event gives the same progress)."""
        await self._items.update_one(
            {"_id": nomination_id},
            {
                "$set": {
                    "received_at": progress.received_at,
                    "returned": progress.returned,
                    "finished": progress.finished,
                    "year": progress.year,
                }
            },
            upsert=True,
        )
