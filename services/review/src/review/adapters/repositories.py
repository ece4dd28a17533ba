"""Every MongoDB query of the review service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_kit.mongo import Document


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
        query = {"year": year, "$or": scope}
        return (
            await self._entries.find(query)
            .sort([("unit_id", 1), ("title_code", 1)])
            .skip(skip)
            .to_list(limit)
        )
