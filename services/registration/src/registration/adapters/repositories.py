"""Every MongoDB query of the registration service."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_append, outbox_entry, outbox_fields
from registration.domain.registrations import CollectiveRegistration
from registration.domain.rounds import Round


def as_datetime(value: date | None) -> datetime | None:
    """A date as the midnight datetime MongoDB stores."""
    return None if value is None else datetime.combine(value, time())


def as_date(value: datetime | None) -> date | None:
    """A stored midnight datetime back to a date."""
    return None if value is None else value.date()


class RoundRepository:
    """Rounds and their deadlines."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._rounds = db["rounds"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._rounds

    async def get(self, round_id: str) -> Round | None:
        """One round, or None."""
        doc = await self._rounds.find_one({"_id": round_id})
        return None if doc is None else _round(doc)

    async def list(self) -> list[Round]:
        """Every round, newest year first."""
        docs = await self._rounds.find({}).sort([("year", -1), ("_id", 1)]).to_list(None)
        return [_round(d) for d in docs]

    async def save(self, round_: Round, event: Envelope) -> None:
        """Insert the round, or move its deadline; the `round.opened` event rides along."""
        fields = {
            "name": round_.name,
            "kind": round_.kind,
            "year": round_.year,
            "receiving_unit_id": round_.receiving_unit_id,
            "receiving_unit_name": round_.receiving_unit_name,
            "opened_on": as_datetime(round_.opened_on),
            "deadline": round_.deadline,
        }
        try:
            await self._rounds.insert_one(
                {"_id": round_.round_id, **fields, **outbox_fields([outbox_entry(event)])}
            )
        except DuplicateKeyError:
            update = outbox_append([outbox_entry(event)])
            update["$set"].update(fields)
            await self._rounds.update_one(
                {"_id": round_.round_id, "deadline": {"$ne": round_.deadline}}, update
            )


def _round(doc: Document) -> Round:
    return Round(
        round_id=doc["_id"],
        name=doc["name"],
        kind=doc["kind"],
        year=doc["year"],
        receiving_unit_id=doc["receiving_unit_id"],
        receiving_unit_name=doc["receiving_unit_name"],
        opened_on=doc["opened_on"].date(),
        deadline=doc["deadline"],
    )


class DuplicateRegistration(Exception):
    """The unit already registered for this title in this round."""


class RegistrationRepository:
    """Registrations; each insert carries its event (outbox) and idempotency key."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._registrations = db["registrations"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._registrations

    async def ensure_indexes(self) -> None:
        """One registration per (round, unit, title); the id already derives from the idempotency key."""
        await self._registrations.create_index(
            [("round_id", 1), ("unit_id", 1), ("title_code", 1)], unique=True, name="one_per_title"
        )

    async def get(self, registration_id: str) -> Document | None:
        """One registration (without its outbox)."""
        return await self._registrations.find_one({"_id": registration_id}, {"_outbox": 0})

    async def add(
        self, registration: CollectiveRegistration, event: Envelope, idempotency_key: str, request_hash: str
    ) -> Document:
        """Insert the registration and its event in one write."""
        doc: Document = {
            "_id": registration.registration_id,
            "round_id": registration.round_id,
            "year": registration.year,
            "subject_kind": "collective",
            "unit_id": registration.unit_id,
            "unit_name": registration.unit_name,
            "unit_path": list(registration.unit_path),
            "title_code": registration.title.code,
            "title_name": registration.title.name,
            "status": registration.status,
            "submitted_by": registration.submitted_by,
            "submitted_at": registration.submitted_at,
            "idempotency_key": idempotency_key,
            "request_hash": request_hash,
        }
        try:
            await self._registrations.insert_one({**doc, **outbox_fields([outbox_entry(event)])})
        except DuplicateKeyError as exc:
            raise DuplicateRegistration from exc
        return doc
