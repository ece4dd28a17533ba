"""Each nomination's progress at its level, in MongoDB (to count review's numbers once)."""

from __future__ import annotations

from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository
from reporting.domain.processing import Progress


def stored_progress(progress: Progress) -> Document:
    """A nomination's progress as stored (without its `_id`)."""
    return {
        "received_at": progress.received_at,
        "returned": progress.returned,
        "finished": progress.finished,
        "year": progress.year,
    }


class NominationProgress(Repository):
    """Nomination id -> first receipt, returned once, finished, the emulation year."""

    collection_name = "nomination_progress"

    async def get(self, nomination_id: str) -> Progress:
        """What is known of the nomination (nothing yet: an empty progress)."""
        doc = await self.document(nomination_id)
        if doc is None:
            return Progress()
        return Progress(
            doc.get("received_at"), bool(doc.get("returned")), bool(doc.get("finished")), doc.get("year")
        )

    async def keep(self, nomination_id: str, progress: Progress) -> None:
        """Store the progress (idempotent: the same event gives the same progress)."""
        await self.collection.update_one(
            {"_id": nomination_id}, {"$set": stored_progress(progress)}, upsert=True
        )
