"""MongoDB queries of the organisation tree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.repository import WITHOUT_OUTBOX
from emutrack_kit.text import fold
from emutrack_kit.unit_of_work import UnitOfWork
from registration.adapters.records import Records, as_date, as_datetime
from registration.domain.org import ParentLink, Unit, UnitSearch

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


class UnitRepository(Records[Unit]):
    """Units of the organisation tree with dated parent links."""

    collection_name = "units"

    def record(self, doc: Document) -> Unit:
        """A stored unit."""
        return _unit(doc)

    async def ensure_indexes(self) -> None:
        """Search by folded name; children by parent; the sources of a merge by their successor."""
        await self.collection.create_index("name_folded")
        await self.collection.create_index("parents.parent_id")
        await self.collection.create_index("successor_id")

    async def names(self, unit_ids: Iterable[str]) -> dict[str, str]:
        """The names of the existing units among `unit_ids`."""
        docs = await self.collection.find({"_id": {"$in": sorted(set(unit_ids))}}, {"name": 1}).to_list(None)
        return {d["_id"]: d["name"] for d in docs}

    async def merged_into(self, unit_id: str) -> list[Unit]:
        """The units merged into `unit_id`, by name."""
        docs = await self.collection.find({"successor_id": unit_id}, WITHOUT_OUTBOX).to_list(None)
        return sorted(map(_unit, docs), key=lambda u: (fold(u.name), u.unit_id))

    async def load(self, unit_ids: Iterable[str]) -> dict[str, StoredUnit]:
        """The existing units among `unit_ids`, with their versions."""
        docs = await self.collection.find({"_id": {"$in": sorted(set(unit_ids))}}, WITHOUT_OUTBOX).to_list(
            None
        )
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
            docs = await self.collection.find({"_id": {"$in": sorted(frontier)}}, {"parents": 1}).to_list(
                None
            )
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
        docs = await self.collection.find(query, WITHOUT_OUTBOX).to_list(None)
        out = [StoredUnit(_unit(d), d.get("_outbox_seq", 0)) for d in docs]
        return sorted((s for s in out if s.unit.parent_on(day) == parent_id), key=lambda s: s.unit.unit_id)

    async def search(self, wanted: UnitSearch, day: date, limit: int, skip: int) -> Matches:
        """Units on `day` (`include_past`: also ended before), a word of the folded name starting `text`."""
        query: Document = {}
        needle = fold(wanted.text)
        if needle:
            literal = "".join(f"\\{c}" if c in _REGEX_SPECIAL else c for c in needle)
            query["name_folded"] = {"$regex": f"(^| ){literal}"}  # anchored at a word's start
        if wanted.kind:
            query["kind"] = wanted.kind
        moment = as_datetime(day)
        order = [("name_folded", 1), ("_id", 1)]
        if wanted.parent_id is None:
            shown = query | ({"valid_from": {"$lte": moment}} if wanted.include_past else _existing_on(day))
            page = await self.records(shown, order, limit, skip)
            ended = await self.collection.count_documents(query | {"valid_to": {"$lt": moment}})
            return Matches(page.items, page.total, ended)
        # FerretDB 1.x has no $elemMatch on fields: narrow by parent in the query, then keep the
        # units whose link to it holds on `day` (a parent's children over time are few).
        query |= {"parents.parent_id": wanted.parent_id, "valid_from": {"$lte": moment}}
        docs = await self.collection.find(query, WITHOUT_OUTBOX).sort(order).to_list(None)
        units = [u for u in map(_unit, docs) if u.parent_on(u.nearest_day(day)) == wanted.parent_id]
        ended = sum(u.ended_before(day) for u in units)
        if not wanted.include_past:
            units = [u for u in units if u.exists_on(day)]
        return Matches(units[skip : skip + limit], len(units), ended)

    def add(self, uow: UnitOfWork, unit: Unit, events: Iterable[Envelope]) -> None:
        """Stage a new unit with `unit.created` (and any more events); `Duplicate` if it exists."""
        doc = {
            "_id": unit.unit_id,
            "name": unit.name,
            "name_folded": fold(unit.name),
            "kind": unit.kind,
            "level": unit.level,
            "valid_from": as_datetime(unit.valid_from),
            **_changeable(unit),
        }
        uow.insert(self.collection, doc, list(events))

    async def written_by(self, op_id: str, correlation_id: str) -> dict[str, list[str]]:
        """Units an operation changed, with the types of the events it stored on each."""
        docs = await self.collection.find({"ops": op_id}, {"_outbox.envelope": 1}).to_list(None)
        return {
            d["_id"]: [
                e["envelope"]["event_type"]
                for e in d["_outbox"]
                if e["envelope"].get("correlation_id") == correlation_id
            ]
            for d in docs
        }

    def update(self, uow: UnitOfWork, unit: Unit, version: int, events: Iterable[Envelope]) -> None:
        """Stage a changed unit with its events, if still at `version` (else `StaleWrite` at commit)."""
        uow.update(
            self.collection,
            {"_id": unit.unit_id, "_outbox_seq": version},
            {"$set": _changeable(unit)},
            list(events),
        )


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
