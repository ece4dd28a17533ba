"""MongoDB queries of the organisation tree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_append, outbox_entry, outbox_fields
from emutrack_kit.text import fold
from registration.adapters.rounds import as_date, as_datetime
from registration.domain.org import ParentLink, Unit

_NO_OUTBOX = {"_outbox": 0}
_REGEX_SPECIAL = frozenset("\\.^$|?*+()[]{}")


@dataclass(frozen=True)
class StoredUnit:
    """A unit and the version it was read at (`_outbox_seq`: every change appends events)."""

    unit: Unit
    version: int


@dataclass(frozen=True)
class Matches:
    """One page of a search, how many match in all, and how many matches had ended before the day."""

    units: list[Unit]
    total: int
    ended: int


class UnitRepository:
    """Units of the organisation tree with dated parent links."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._units = db["units"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._units

    async def ensure_indexes(self) -> None:
        """Search by folded name; children by parent; the sources of a merge by their successor."""
        await self._units.create_index("name_folded")
        await self._units.create_index("parents.parent_id")
        await self._units.create_index("successor_id")

    async def get(self, unit_id: str) -> Unit | None:
        """One unit, or None."""
        doc = await self._units.find_one({"_id": unit_id}, _NO_OUTBOX)
        return None if doc is None else _unit(doc)

    async def names(self, unit_ids: Iterable[str]) -> dict[str, str]:
        """The names of the existing units among `unit_ids`."""
        docs = await self._units.find({"_id": {"$in": sorted(set(unit_ids))}}, {"name": 1}).to_list(None)
        return {d["_id"]: d["name"] for d in docs}

    async def merged_into(self, unit_id: str) -> list[Unit]:
        """The units merged into `unit_id`, by name."""
        docs = await self._units.find({"successor_id": unit_id}, _NO_OUTBOX).to_list(None)
        return sorted(map(_unit, docs), key=lambda u: (fold(u.name), u.unit_id))

    async def load(self, unit_ids: Iterable[str]) -> dict[str, StoredUnit]:
        """The existing units among `unit_ids`, with their versions."""
        docs = await self._units.find({"_id": {"$in": sorted(set(unit_ids))}}, _NO_OUTBOX).to_list(None)
        return {d["_id"]: StoredUnit(_unit(d), d.get("_outbox_seq", 0)) for d in docs}

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

    async def paths_on(self, unit_ids: Iterable[str], day: date) -> dict[str, tuple[str, ...]]:
        """`path_on` for many units at once: one query per level of the tree, not per unit."""
        wanted = list(unit_ids)
        parent_of: dict[str, str | None] = {}
        frontier = set(wanted)
        while frontier:
            docs = await self._units.find({"_id": {"$in": sorted(frontier)}}, {"parents": 1}).to_list(None)
            found = {d["_id"]: _parent_on(d, day) for d in docs}
            parent_of.update(found)
            frontier = {p for p in found.values() if p is not None and p not in parent_of}
        paths = {}
        for unit_id in wanted:
            path: list[str] = []
            current: str | None = unit_id
            while current is not None and current in parent_of and current not in path:
                path.append(current)
                current = parent_of[current]
            paths[unit_id] = tuple(reversed(path))
        return paths

    async def children_on(self, parent_id: str, day: date) -> list[StoredUnit]:
        """Units existing on `day` whose parent link valid on `day` is `parent_id`."""
        query = _existing_on(day) | {"parents.parent_id": parent_id}
        docs = await self._units.find(query, _NO_OUTBOX).to_list(None)
        out = [StoredUnit(_unit(d), d.get("_outbox_seq", 0)) for d in docs]
        return sorted((s for s in out if s.unit.parent_on(day) == parent_id), key=lambda s: s.unit.unit_id)

    async def search(
        self,
        *,
        text: str,
        day: date,
        kind: str | None = None,
        parent_id: str | None = None,
        include_past: bool = False,
        limit: int = 20,
        skip: int = 0,
    ) -> Matches:
        """Units on `day` (`include_past`: also ended before), a word of the folded name starting `text`."""
        query: Document = {}
        needle = fold(text)
        if needle:
            literal = "".join(f"\\{c}" if c in _REGEX_SPECIAL else c for c in needle)
            query["name_folded"] = {"$regex": f"(^| ){literal}"}  # anchored at a word's start
        if kind:
            query["kind"] = kind
        moment = as_datetime(day)
        order = [("name_folded", 1), ("_id", 1)]
        if parent_id is None:
            shown = query | ({"valid_from": {"$lte": moment}} if include_past else _existing_on(day))
            total = await self._units.count_documents(shown)
            ended = await self._units.count_documents(query | {"valid_to": {"$lt": moment}})
            docs = await self._units.find(shown, _NO_OUTBOX).sort(order).skip(skip).limit(limit).to_list(None)
            return Matches([_unit(d) for d in docs], total, ended)
        # FerretDB 1.x has no $elemMatch on fields: narrow by parent in the query, then keep the
        # units whose link to it holds on `day` (a parent's children over time are few).
        query |= {"parents.parent_id": parent_id, "valid_from": {"$lte": moment}}
        docs = await self._units.find(query, _NO_OUTBOX).sort(order).to_list(None)
        units = [u for u in map(_unit, docs) if u.parent_on(u.nearest_day(day)) == parent_id]
        ended = sum(u.ended_before(day) for u in units)
        if not include_past:
            units = [u for u in units if u.exists_on(day)]
        return Matches(units[skip : skip + limit], len(units), ended)

    async def add(self, unit: Unit, event: Envelope, *more: Envelope) -> bool:
        """Insert a unit with its `unit.created` event (and any more); False if it already exists."""
        doc = {
            "_id": unit.unit_id,
            "name": unit.name,
            "name_folded": fold(unit.name),
            "kind": unit.kind,
            "level": unit.level,
            "valid_from": as_datetime(unit.valid_from),
            **_changeable(unit),
            **outbox_fields([outbox_entry(e) for e in (event, *more)]),
        }
        try:
            await self._units.insert_one(doc)
        except DuplicateKeyError:
            return False
        return True

    async def written_by(self, op_id: str, correlation_id: str) -> dict[str, list[str]]:
        """Units an operation changed, with the types of the events it stored on each."""
        docs = await self._units.find({"ops": op_id}, {"_outbox.envelope": 1}).to_list(None)
        return {
            d["_id"]: [
                e["envelope"]["event_type"]
                for e in d["_outbox"]
                if e["envelope"].get("correlation_id") == correlation_id
            ]
            for d in docs
        }

    async def update(self, unit: Unit, version: int, events: Iterable[Envelope]) -> bool:
        """Store a changed unit with its events in one write, if still at `version`."""
        update = outbox_append([outbox_entry(e) for e in events])
        update["$set"].update(_changeable(unit))
        result = await self._units.update_one({"_id": unit.unit_id, "_outbox_seq": version}, update)
        return result.modified_count == 1


def _existing_on(day: date) -> Document:
    moment = as_datetime(day)
    return {"valid_from": {"$lte": moment}, "$or": [{"valid_to": None}, {"valid_to": {"$gte": moment}}]}


def _changeable(unit: Unit) -> Document:
    """The fields a restructuring may change."""
    return {
        "valid_to": as_datetime(unit.valid_to),
        "parents": [
            {
                "parent_id": p.parent_id,
                "valid_from": as_datetime(p.valid_from),
                "valid_to": as_datetime(p.valid_to),
            }
            for p in unit.parents
        ],
        "ops": list(unit.ops),
        "ended_by": unit.ended_by,
        "successor_id": unit.successor_id,
    }


def _links(doc: Document) -> tuple[ParentLink, ...]:
    return tuple(
        ParentLink(p["parent_id"], p["valid_from"].date(), as_date(p.get("valid_to")))
        for p in doc.get("parents", [])
    )


def _parent_on(doc: Document, day: date) -> str | None:
    return next((link.parent_id for link in _links(doc) if link.valid_on(day)), None)


def _unit(doc: Document) -> Unit:
    return Unit(
        unit_id=doc["_id"],
        name=doc["name"],
        kind=doc["kind"],
        level=doc["level"],
        valid_from=doc["valid_from"].date(),
        valid_to=as_date(doc.get("valid_to")),
        parents=_links(doc),
        ops=tuple(doc.get("ops", ())),
        ended_by=doc.get("ended_by"),
        successor_id=doc.get("successor_id"),
    )
