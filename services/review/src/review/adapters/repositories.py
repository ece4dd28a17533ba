"""Every MongoDB query of the review service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_kit.mongo import Document
from emutrack_kit.text import fold


class EvaluationRegister:
    """Subjects registered for year-end evaluation, one entry per registration event."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._entries = db["evaluation_register"]

    async def ensure_indexes(self) -> None:
        """Query by year and subtree."""
        await self._entries.create_index([("year", 1), ("unit_path", 1)])

    async def add(self, event_id: str, fields: dict[str, Any]) -> bool:
        """Record the entry keyed by event id; False if it was already recorded."""
        try:
            await self._entries.insert_one({"_id": event_id, **fields})
        except DuplicateKeyError:
            return False
        return True

    async def follow(self, registration_id: str, changed_at: datetime, fields: dict[str, Any]) -> None:
        """Apply a later status or title of a registration (older or repeated changes do nothing)."""
        await self._entries.update_many(
            {"registration_id": registration_id, "changed_at": {"$lt": changed_at}},
            {"$set": {**fields, "changed_at": changed_at}},
        )

    async def list(
        self, year: int, subtree_units: Sequence[str], own_units: Sequence[str], limit: int, skip: int
    ) -> list[Document]:
        """Entries of a year under the given subtrees or for the given units."""
        scope: list[dict[str, Any]] = []
        if subtree_units:
            scope.append({"unit_path": {"$in": list(subtree_units)}})
        if own_units:
            scope.append({"unit_id": {"$in": list(own_units)}})
        if not scope:
            return []
        query = {"year": year, "$or": scope, "status": {"$ne": "withdrawn"}}
        return (
            await self._entries.find(query)
            .sort([("unit_id", 1), ("title_code", 1)])
            .skip(skip)
            .to_list(limit)
        )

    async def is_registered(self, unit_id: str, year: int) -> bool:
        """True if the unit holds an active collective registration for the year."""
        query = {"unit_id": unit_id, "year": year, "status": {"$ne": "withdrawn"}}
        return await self._entries.count_documents(query, limit=1) > 0


class RegisteredPeople:
    """Each unit's latest list of people registered for individual titles."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._lists = db["registered_people"]
        self._by_unit = db["registered_people_by_unit"]  # `_id` = "<unit>|<year>": the unit's list ids

    async def replace(self, list_id: str, version: int, fields: dict[str, Any]) -> None:
        """Keep the newest version of a list (a redelivered or older version changes nothing)."""
        names = sorted({fold(p["full_name"]) for p in fields["people"]})
        stored = {**fields, "folded_names": names, "version": version}
        await self._lists.update_one({"_id": list_id, "version": {"$lt": version}}, {"$set": stored})
        await self._lists.update_one({"_id": list_id}, {"$setOnInsert": stored}, upsert=True)
        await self._by_unit.update_one(
            {"_id": f"{fields['unit_id']}|{fields['year']}"},
            {"$addToSet": {"list_ids": list_id}},
            upsert=True,
        )

    async def list(self, year: int, subtree_units: Sequence[str], own_units: Sequence[str]) -> list[Document]:
        """Lists of a year under the given subtrees or of the given units."""
        scope: list[dict[str, Any]] = []
        if subtree_units:
            scope.append({"unit_path": {"$in": list(subtree_units)}})
        if own_units:
            scope.append({"unit_id": {"$in": list(own_units)}})
        if not scope:
            return []
        return await self._lists.find({"year": year, "$or": scope}).sort([("unit_id", 1)]).to_list(None)

    async def names_of(self, unit_id: str, year: int) -> frozenset[str]:
        """The (folded) names on the unit's latest lists of the year."""
        index = await self._by_unit.find_one({"_id": f"{unit_id}|{year}"})
        names: set[str] = set()
        for list_id in (index or {}).get("list_ids", []):
            doc = await self._lists.find_one({"_id": list_id}, {"folded_names": 1})
            names.update(doc["folded_names"] if doc is not None else ())
        return frozenset(names)

    async def has_person(self, unit_id: str, year: int, name_folded: str) -> bool:
        """True if one of the unit's latest lists of the year holds a person of this (folded) name."""
        return name_folded in await self.names_of(unit_id, year)
