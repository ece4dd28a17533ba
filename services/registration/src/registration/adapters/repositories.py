"""Every MongoDB query of the registration service."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, OperationFailure

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document, is_duplicate_key
from emutrack_kit.outbox import outbox_append, outbox_entry, outbox_fields
from emutrack_kit.text import fold
from registration.domain.lifecycle import StatusChange
from registration.domain.registrations import CollectiveRegistration


class DuplicateRegistration(Exception):
    """The unit already registered for this title in this round."""


class ConcurrentChange(Exception):
    """The registration changed between reading and writing it."""


def slot(round_id: str, unit_id: str, title_code: str) -> str:
    """The unique slot an active registration holds: one per (round, unit, title)."""
    return f"{round_id}|{unit_id}|{title_code}"


class RegistrationRepository:
    """Registrations; each write carries its events (outbox) in the same document update."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._registrations = db["registrations"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._registrations

    async def ensure_indexes(self) -> None:
        """One active registration per (round, unit, title); lists by round and unit path."""
        await self._registrations.create_index("slot", unique=True, name="one_active_per_title")
        await self._registrations.create_index([("round_id", 1), ("unit_path", 1)], name="by_round_subtree")

    async def get(self, registration_id: str) -> Document | None:
        """One registration (without its outbox)."""
        return await self._registrations.find_one({"_id": registration_id}, {"_outbox": 0})

    async def add(
        self,
        registration: CollectiveRegistration,
        event: Envelope,
        request_hash: str,
        *,
        receiving_unit_id: str,
        late_reason: str | None = None,
    ) -> Document:
        """Insert the registration and its event in one write."""
        doc: Document = {
            "_id": registration.registration_id,
            "round_id": registration.round_id,
            "year": registration.year,
            "subject_kind": "collective",
            "unit_id": registration.unit_id,
            "unit_name": registration.unit_name,
            "unit_name_folded": fold(registration.unit_name),
            "unit_path": list(registration.unit_path),
            "receiving_unit_id": receiving_unit_id,
            "title_code": registration.title.code,
            "title_name": registration.title.name,
            "status": registration.status,
            "submitted_by": registration.submitted_by,
            "submitted_at": registration.submitted_at,
            "late_reason": late_reason,
            "request_hash": request_hash,
            "slot": slot(registration.round_id, registration.unit_id, registration.title.code),
            "history": [
                {
                    "status": registration.status,
                    "at": registration.submitted_at,
                    "by": registration.submitted_by,
                    "reason": late_reason,
                }
            ],
        }
        try:
            await self._registrations.insert_one({**doc, **outbox_fields([outbox_entry(event)])})
        except DuplicateKeyError as exc:
            raise DuplicateRegistration from exc
        return doc

    async def apply(
        self, change: StatusChange, expected_status: str, actor: str, reason: str | None
    ) -> Document:
        """Store a status change and its event in one write, if nobody changed it meanwhile."""
        state = change.state
        update = outbox_append([outbox_entry(change.event)])
        update["$push"]["history"] = {
            "status": state.status,
            "at": change.event.occurred_at,
            "by": actor,
            "reason": reason,
        }
        if expected_status == "draft" and state.status == "submitted":  # a draft is sent now
            update["$set"].update({"submitted_at": change.event.occurred_at, "submitted_by": actor})
        active = state.status != "withdrawn"
        update["$set"].update(
            {
                "status": state.status,
                "title_code": state.title_code,
                "title_name": state.title_name,
                "slot": slot(state.round_id, state.unit_id, state.title_code)
                if active
                else f"withdrawn|{state.registration_id}",
            }
        )
        try:
            result = await self._registrations.update_one(
                {"_id": state.registration_id, "status": expected_status}, update
            )
        except OperationFailure as exc:
            if is_duplicate_key(exc):
                raise DuplicateRegistration from exc
            raise
        if result.modified_count != 1:
            raise ConcurrentChange(state.registration_id)
        stored = await self.get(state.registration_id)
        assert stored is not None
        return stored

    async def search(self, query: Document, limit: int, skip: int) -> tuple[list[Document], int]:
        """A page of registrations matching `query`, oldest first, and the total count."""
        page = (
            await self._registrations.find(query, {"_outbox": 0})
            .sort([("submitted_at", 1), ("_id", 1)])
            .skip(skip)
            .to_list(limit)
        )
        return page, await self._registrations.count_documents(query)
