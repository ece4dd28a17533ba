"""MongoDB queries of nominations at each level; each change carries its event (outbox)."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_append, outbox_entry, outbox_fields


class NominationRepository:
    """Nominations keyed `<dossier>@<level>`; `seen_events` makes event handling idempotent."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._nominations = db["nominations"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._nominations

    async def ensure_indexes(self) -> None:
        """A level's inbox and the nominations competing for an award (used by MongoDB; FerretDB scans)."""
        await self._nominations.create_index(
            [("level_unit_id", 1), ("year", 1), ("award_code", 1), ("status", 1)], name="level_year_award"
        )

    async def get(self, nomination_id: str) -> Document | None:
        """One nomination (without its outbox)."""
        return await self._nominations.find_one({"_id": nomination_id}, {"_outbox": 0})

    async def receive(self, doc: Document, event_id: str, history: Document, event: Envelope) -> bool:
        """Store a first submission; False if this nomination already exists."""
        try:
            await self._nominations.insert_one(
                {
                    **doc,
                    "seen_events": [event_id],
                    "history": [history],
                    **outbox_fields([outbox_entry(event)]),
                }
            )
        except DuplicateKeyError:
            return False
        return True

    async def receive_again(
        self, nomination_id: str, fields: Document, event_id: str, history: Document, event: Envelope
    ) -> bool:
        """Re-open a returned nomination with the resubmitted dossier, once per event."""
        update = outbox_append([outbox_entry(event)])
        update["$set"].update({**fields, "status": "received"})
        update["$push"].update({"seen_events": event_id, "history": history})
        result = await self._nominations.update_one(
            {"_id": nomination_id, "status": "returned", "seen_events": {"$ne": event_id}}, update
        )
        return result.modified_count == 1

    async def change_status(
        self,
        nomination_id: str,
        expected: str,
        status: str,
        history: Document,
        event: Envelope,
        fields: Document | None = None,
    ) -> bool:
        """Move the nomination if its status is still `expected`, with its event, history entry and fields."""
        update = outbox_append([outbox_entry(event)])
        update["$set"].update({**(fields or {}), "status": status})
        update["$push"]["history"] = history
        result = await self._nominations.update_one({"_id": nomination_id, "status": expected}, update)
        return result.modified_count == 1

    async def record_appraisal(self, nomination_id: str, appraisal: Document) -> bool:
        """Keep the latest appraisal of a nomination still received; False if it moved on."""
        result = await self._nominations.update_one(
            {"_id": nomination_id, "status": "received"}, {"$set": {"appraisal": appraisal}}
        )
        return result.matched_count == 1

    async def add_forwarded(self, doc: Document, history: Document, event: Envelope) -> bool:
        """Store the nomination a lower level forwarded; False if it is already here."""
        try:
            await self._nominations.insert_one(
                {**doc, "seen_events": [], "history": [history], **outbox_fields([outbox_entry(event)])}
            )
        except DuplicateKeyError:
            return False
        return True

    async def received_at(self, level_unit_id: str, year: int, award_code: str | None) -> list[Document]:
        """The nominations waiting for appraisal at a level in a year (of one award, or all), oldest first."""
        query: Document = {"level_unit_id": level_unit_id, "year": year, "status": "received"}
        if award_code:
            query["award_code"] = award_code
        docs = await self._nominations.find(query, {"_outbox": 0, "seen_events": 0}).to_list(None)
        return sorted(docs, key=lambda d: (d["received_at"], d["_id"]))

    async def competing(self, level_unit_id: str, award_code: str, year: int) -> list[Document]:
        """Nominations for an award in a year at a level still in play (not returned, failed or decided)."""
        query = {
            "level_unit_id": level_unit_id,
            "award_code": award_code,
            "year": year,
            "status": {"$nin": ["returned", "not_passed", "decided"]},
        }
        fields = {"subject_kind": 1, "subject_unit_id": 1, "subject_name": 1, "proposing_unit_id": 1}
        projection = {**fields, "award_code": 1, "year": 1, "received_at": 1}
        return await self._nominations.find(query, projection).to_list(None)

    async def search(self, query: Document, limit: int, skip: int) -> tuple[list[Document], int]:
        """A page of nominations, oldest first, and the total count."""
        page = (
            await self._nominations.find(query, {"_outbox": 0, "seen_events": 0})
            .sort([("received_at", 1), ("_id", 1)])
            .skip(skip)
            .to_list(limit)
        )
        return page, await self._nominations.count_documents(query)
