"""MongoDB queries of the organisation tree."""

from __future__ import annotations

from datetime import date
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_entry, outbox_fields
from emutrack_kit.text import fold
from registration.adapters.repositories import as_date, as_datetime
from registration.domain.org import ParentLink, Unit


class UnitRepository:
    """Units of the organisation tree with dated parent links."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._units = db["units"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._units

    async def ensure_indexes(self) -> None:
        """Search by folded name."""
        await self._units.create_index("name_folded")

    async def get(self, unit_id: str) -> Unit | None:
        """One unit, or None."""
        doc = await self._units.find_one({"_id": unit_id})
        return None if doc is None else _unit(doc)

    async def path_on(self, unit_id: str, day: date) -> tuple[str, ...]:
        """Unit ids from the root down to `unit_id`, following the links valid on `day`."""
        path: list[str] = []
        current: str | None = unit_id
        while current is not None and current not in path:
            unit = await self.get(current)
            if unit is None:
                break
            path.append(unit.unit_id)
            current = unit.parent_on(day)
        return tuple(reversed(path))

    async def add(self, unit: Unit, event: Envelope) -> bool:
        """Insert a unit with its `unit.created` event; False if it already exists."""
        doc = {
            "_id": unit.unit_id,
            "name": unit.name,
            "name_folded": fold(unit.name),
            "kind": unit.kind,
            "level": unit.level,
            "valid_from": as_datetime(unit.valid_from),
            "valid_to": as_datetime(unit.valid_to),
            "parents": [
                {
                    "parent_id": p.parent_id,
                    "valid_from": as_datetime(p.valid_from),
                    "valid_to": as_datetime(p.valid_to),
                }
                for p in unit.parents
            ],
            **outbox_fields([outbox_entry(event)]),
        }
        try:
            await self._units.insert_one(doc)
        except DuplicateKeyError:
            return False
        return True


def _unit(doc: Document) -> Unit:
    return Unit(
        unit_id=doc["_id"],
        name=doc["name"],
        kind=doc["kind"],
        level=doc["level"],
        valid_from=doc["valid_from"].date(),
        valid_to=as_date(doc.get("valid_to")),
        parents=tuple(
            ParentLink(p["parent_id"], p["valid_from"].date(), as_date(p.get("valid_to")))
            for p in doc.get("parents", [])
        ),
    )
