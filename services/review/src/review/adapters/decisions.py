"""MongoDB queries of the organisation tree as review knows it, decisions, and awardees' history."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_entry, outbox_fields


class DuplicateDecision(Exception):
    """The level already issued a decision with this number."""


class UnitDirectory:
    """Units learnt from `unit.created` (kind and name: which level decides what)."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._units = db["units"]

    async def upsert(self, unit_id: str, fields: Document) -> None:
        """Store or refresh a unit (the same event gives the same state)."""
        await self._units.update_one({"_id": unit_id}, {"$set": fields}, upsert=True)

    async def get(self, unit_id: str) -> Document | None:
        """One unit, or None if no event told review about it."""
        return await self._units.find_one({"_id": unit_id})


class DecisionRepository:
    """Decisions (`_id` = level|number: a number is issued once per level), each with its event."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._decisions = db["decisions"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._decisions

    async def add(self, doc: Document, event: Envelope) -> None:
        """Store the decision with its `decision.issued` event; DuplicateDecision if the number is taken."""
        try:
            await self._decisions.insert_one({**doc, **outbox_fields([outbox_entry(event)])})
        except DuplicateKeyError as exc:
            raise DuplicateDecision(doc["_id"]) from exc

    async def get(self, decision_id: str) -> Document | None:
        """One decision (without its outbox)."""
        return await self._decisions.find_one({"_id": decision_id}, {"_outbox": 0})


class AwardHistory:
    """Awards decided by review, per subject (`_id` = decision|subject); appraisals do not read it yet."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._awards = db["award_history"]

    async def record(self, entries: list[Document]) -> None:
        """Add the awardees' records (a replay changes nothing)."""
        for entry in entries:
            await self._awards.update_one({"_id": entry["_id"]}, {"$setOnInsert": entry}, upsert=True)
