"""MongoDB queries of movements and of the levels' task calendars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_append, outbox_entry, outbox_fields
from registration.adapters.rounds import as_date, as_datetime
from registration.domain.calendar import TaskCalendar
from registration.domain.movements import Movement, Target


class DuplicateMovement(Exception):
    """A movement with this id exists."""


class MovementRepository:
    """Movements launched by the levels."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._movements = db["movements"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._movements

    async def create(self, movement: Movement, event: Envelope, request_hash: str, actor: str) -> None:
        """Insert the movement with its `movement.launched` event; DuplicateMovement if the id is taken."""
        doc = {
            "_id": movement.movement_id,
            **_fields(movement),
            "launched_by": actor,
            "launched_at": event.occurred_at,
            "request_hash": request_hash,
        }
        try:
            await self._movements.insert_one({**doc, **outbox_fields([outbox_entry(event)])})
        except DuplicateKeyError as exc:
            raise DuplicateMovement(movement.movement_id) from exc

    async def get(self, movement_id: str) -> Movement | None:
        """One movement, or None."""
        doc = await self._movements.find_one({"_id": movement_id})
        return None if doc is None else _movement(doc)

    async def request_hash(self, movement_id: str) -> str | None:
        """The digest of the request that launched it."""
        doc = await self._movements.find_one({"_id": movement_id}, {"request_hash": 1})
        return None if doc is None else doc.get("request_hash")

    async def launched_by(self, unit_ids: Sequence[str] | None, year: int | None) -> list[Movement]:
        """Movements launched by some units (None: all), running during `year` if given."""
        query: Document = {}
        if unit_ids is not None:
            query["launching_unit_id"] = {"$in": list(unit_ids)}
        if year is not None:
            query["starts_on"] = {"$lte": as_datetime(date(year, 12, 31))}
            query["ends_on"] = {"$gte": as_datetime(date(year, 1, 1))}
        docs = await self._movements.find(query).sort([("starts_on", -1), ("_id", 1)]).to_list(None)
        return [_movement(d) for d in docs]


def _fields(movement: Movement) -> Document:
    return {
        "name": movement.name,
        "kind": movement.kind,
        "launching_unit_id": movement.launching_unit_id,
        "launching_unit_name": movement.launching_unit_name,
        "theme": movement.theme,
        "criteria": list(movement.criteria),
        "starts_on": as_datetime(movement.starts_on),
        "ends_on": as_datetime(movement.ends_on),
        "targets": [asdict(t) for t in movement.targets],
    }


def _movement(doc: Document) -> Movement:
    starts_on, ends_on = as_date(doc["starts_on"]), as_date(doc["ends_on"])
    assert starts_on is not None
    assert ends_on is not None
    return Movement(
        movement_id=doc["_id"],
        name=doc["name"],
        kind=doc["kind"],
        launching_unit_id=doc["launching_unit_id"],
        launching_unit_name=doc["launching_unit_name"],
        theme=doc["theme"],
        criteria=tuple(doc["criteria"]),
        starts_on=starts_on,
        ends_on=ends_on,
        targets=tuple(Target(**t) for t in doc["targets"]),
    )


class CalendarRepository:
    """Each level's calendar of tasks for a year, with the tasks marked done."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._calendars = db["task_calendars"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._calendars

    async def publish(self, calendar_id: str, calendar: TaskCalendar, event: Envelope) -> bool:
        """Store a calendar once with its event; False if it was already there (import is idempotent)."""
        doc = {
            "_id": calendar_id,
            "issuer_unit_id": calendar.issuer_unit_id,
            "year": calendar.year,
            "calendar": event.payload,
            "completed": {},
        }
        try:
            await self._calendars.insert_one({**doc, **outbox_fields([outbox_entry(event)])})
        except DuplicateKeyError:
            return False
        return True

    async def get(self, calendar_id: str) -> Document | None:
        """One calendar as stored (payload of its event, and `completed` by task number)."""
        return await self._calendars.find_one({"_id": calendar_id}, {"_outbox": 0})

    async def list(self, year: int | None) -> list[Document]:
        """Calendars, optionally of one year (without their tasks)."""
        query: Document = {} if year is None else {"year": year}
        projection = {"_outbox": 0, "calendar.tasks": 0}
        return await self._calendars.find(query, projection).sort("_id", 1).to_list(None)

    async def complete(self, calendar_id: str, number: int, record: Document, event: Envelope) -> bool:
        """Mark a task done once, with its event; False if it already was."""
        update = outbox_append([outbox_entry(event)])
        update["$set"][f"completed.{number}"] = record
        result = await self._calendars.update_one(
            {"_id": calendar_id, f"completed.{number}": {"$exists": False}}, update
        )
        return result.modified_count == 1
