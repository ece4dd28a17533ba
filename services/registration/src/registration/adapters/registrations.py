"""MongoDB queries of collective registrations (one document each, with its history and outbox)."""

from __future__ import annotations

import re

from emutrack_contracts import Envelope
from emutrack_kit.auth import Reach
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Page, reach_query
from emutrack_kit.text import fold
from emutrack_kit.unit_of_work import UnitOfWork
from registration.adapters.records import Records, entry_document, filtered, history_of
from registration.domain.lifecycle import StatusChange
from registration.domain.registrations import CollectiveRegistration, RegistrationFilter
from registration.domain.titles import Title


def slot(round_id: str, unit_id: str, title_code: str) -> str:
    """The unique slot an active registration holds: one per (round, unit, title)."""
    return f"{round_id}|{unit_id}|{title_code}"


class RegistrationRepository(Records[CollectiveRegistration]):
    """Registrations; each write carries its events (outbox) in the same document write."""

    collection_name = "registrations"

    async def ensure_indexes(self) -> None:
        """One active registration per (round, unit, title); lists by round and unit path."""
        await self.collection.create_index("slot", unique=True, name="one_active_per_title")
        await self.collection.create_index([("round_id", 1), ("unit_path", 1)], name="by_round_subtree")

    def record(self, doc: Document) -> CollectiveRegistration:
        """A stored registration."""
        return CollectiveRegistration(
            registration_id=doc["_id"],
            round_id=doc["round_id"],
            year=doc["year"],
            unit_id=doc["unit_id"],
            unit_name=doc["unit_name"],
            unit_path=tuple(doc["unit_path"]),
            title=Title(doc["title_code"], doc["title_name"], "collective"),
            status=doc["status"],
            submitted_by=doc["submitted_by"],
            submitted_at=doc["submitted_at"],
            receiving_unit_id=doc["receiving_unit_id"],
            late_reason=doc.get("late_reason"),
            history=history_of(doc),
        )

    def add(
        self, uow: UnitOfWork, registration: CollectiveRegistration, event: Envelope, digest: str
    ) -> None:
        """Stage the new registration with its event; `Duplicate` at commit if its id or slot is taken."""
        r = registration
        doc: Document = {
            "_id": r.registration_id,
            "round_id": r.round_id,
            "year": r.year,
            "subject_kind": "collective",
            "unit_id": r.unit_id,
            "unit_name": r.unit_name,
            "unit_name_folded": fold(r.unit_name),
            "unit_path": list(r.unit_path),
            "receiving_unit_id": r.receiving_unit_id,
            "title_code": r.title.code,
            "title_name": r.title.name,
            "status": r.status,
            "submitted_by": r.submitted_by,
            "submitted_at": r.submitted_at,
            "late_reason": r.late_reason,
            "request_hash": digest,
            "slot": slot(r.round_id, r.unit_id, r.title.code),
            "history": [entry_document(e) for e in r.history],
        }
        uow.insert(self.collection, doc, [event])

    def change(self, uow: UnitOfWork, change: StatusChange) -> None:
        """Stage a status change with its event, if the status is still the one read (else `StaleWrite`)."""
        r = change.registration
        active = r.status != "withdrawn"
        fields: Document = {
            "status": r.status,
            "title_code": r.title.code,
            "title_name": r.title.name,
            "slot": slot(r.round_id, r.unit_id, r.title.code) if active else f"withdrawn|{r.registration_id}",
        }
        if change.previous_status == "draft" and r.status == "submitted":  # a draft is sent now
            fields |= {"submitted_at": r.submitted_at, "submitted_by": r.submitted_by}
        uow.update(
            self.collection,
            {"_id": r.registration_id, "status": change.previous_status},
            {"$set": fields, "$push": {"history": entry_document(change.entry)}},
            [change.event],
        )

    async def search(
        self, reach: Reach, drafts: Reach, wanted: RegistrationFilter, limit: int, skip: int
    ) -> Page[CollectiveRegistration]:
        """Registrations within `reach` (drafts only within `drafts`), filtered, oldest first."""
        query: Document = {
            "$and": [reach_query(reach), {"$or": [{"status": {"$ne": "draft"}}, reach_query(drafts)]}],
            **filtered(wanted, title_code=wanted.title_code),
        }
        if wanted.q:
            query["unit_name_folded"] = {"$regex": re.escape(fold(wanted.q))}
        return await self.records(query, [("submitted_at", 1), ("_id", 1)], limit, skip)
