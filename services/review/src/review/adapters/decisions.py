"""MongoDB queries of the organisation tree as review knows it, decisions, and awardees' history."""

from __future__ import annotations

from collections.abc import Iterable
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
    """Awards decided by review: each subject's record, and who holds what per unit and year.

    `award_history`: `_id` = subject key, `records` = the decided awards (read by appraisals).
    `award_holders`: `_id` = "<unit>|<year>|<code>", `subjects` = who holds it (read by quotas);
    "*" as the unit counts city-wide, kept only for the awards a yearly cap applies to (a city-wide
    list of every Lao động tiên tiến would be one ever-growing document). Every write is
    `$addToSet`, so a replay changes nothing.
    """

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._history = db["award_history"]
        self._holders = db["award_holders"]

    async def record(self, entries: list[Document], city_wide: frozenset[str] = frozenset()) -> None:
        """Add the awardees' records; `city_wide`: the codes also counted for the whole city ("*")."""
        for entry in entries:
            record = {k: entry[k] for k in ("code", "year", "decision_id", "decision_number", "level")}
            await self._history.update_one(
                {"_id": entry["subject_key"]},
                {"$set": {"kind": entry["kind"]}, "$addToSet": {"records": record}},
                upsert=True,
            )
            scopes = [entry["unit_id"], *(["*"] if entry["code"] in city_wide else [])]
            for scope in scopes:
                await self._holders.update_one(
                    {"_id": f"{scope}|{entry['year']}|{entry['code']}"},
                    {"$addToSet": {"subjects": entry["subject_key"]}},
                    upsert=True,
                )

    async def of_subject(self, subject_key: str) -> list[Document]:
        """The awards decided for one subject, in no particular order."""
        doc = await self._history.find_one({"_id": subject_key})
        return list(doc["records"]) if doc else []

    async def holders(self, scope: str, year: int, codes: Iterable[str]) -> dict[str, int]:
        """How many subjects of a unit ("*": the whole city) hold each of the codes in a year (if any)."""
        counts: dict[str, int] = {}
        for code in sorted(set(codes)):
            doc = await self._holders.find_one({"_id": f"{scope}|{year}|{code}"})
            if doc is not None:
                counts[code] = len(doc["subjects"])
        return counts


class QuotaSnapshots:
    """The inputs of round quotas (`_id` = their content hash), shared by the appraisals that used them."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._snapshots = db["quota_snapshots"]

    async def keep(self, snapshot_id: str, data: Document) -> None:
        """Store a snapshot once (the same inputs hash to the same id)."""
        await self._snapshots.update_one({"_id": snapshot_id}, {"$setOnInsert": data}, upsert=True)

    async def get(self, snapshot_id: str) -> Document | None:
        """A snapshot's data (without its id), or None."""
        doc = await self._snapshots.find_one({"_id": snapshot_id})
        return None if doc is None else {k: v for k, v in doc.items() if k != "_id"}
