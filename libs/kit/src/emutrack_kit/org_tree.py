"""The organisation tree as other services see it: units with validity dates and dated parent links.

Registration owns the tree and publishes every change as a `unit.*` event; every other service
keeps a replica of it (`org_replica.py`) folded from those events by the pure functions here. A
period's numbers and views use the tree as it stood in that period: a ward merged in 2025 still
sits under its 2020 district on any day of 2020.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.org import UnitMerged, UnitMoved, UnitRetired
from emutrack_contracts.events.registration import UnitCreated
from emutrack_kit.messages import payload_of

ONE_DAY = timedelta(days=1)
TREE_EVENTS = ("unit.created", "unit.moved", "unit.retired", "unit.merged")


@dataclass(frozen=True)
class Link:
    """`parent_id` is the unit's parent from `valid_from` to `valid_to` (inclusive, open if None)."""

    parent_id: str
    valid_from: date
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        """True if the link holds on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class TreeUnit:
    """A unit of the tree with its validity, its parent links and (once merged) its successor."""

    unit_id: str
    name: str
    kind: str
    level: int
    valid_from: date
    valid_to: date | None = None
    parents: tuple[Link, ...] = ()
    successor_id: str | None = None

    def exists_on(self, day: date) -> bool:
        """True if the unit existed on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def parent_on(self, day: date) -> str | None:
        """The parent valid on `day` (None for a root)."""
        return next((link.parent_id for link in self.parents if link.valid_on(day)), None)

    def nearest_day(self, day: date) -> date:
        """`day` clamped into the unit's validity: where to look the unit up around `day`."""
        if day < self.valid_from:
            return self.valid_from
        if self.valid_to is not None and day > self.valid_to:
            return self.valid_to
        return day


@dataclass(frozen=True)
class Tree:
    """Every known unit by id; paths and children on any day."""

    units: Mapping[str, TreeUnit] = field(default_factory=dict)

    def get(self, unit_id: str) -> TreeUnit | None:
        """One unit, or None if no event named it yet."""
        return self.units.get(unit_id)

    def name(self, unit_id: str) -> str:
        """The unit's name (its id only for a unit never heard of)."""
        unit = self.units.get(unit_id)
        return unit.name if unit else unit_id

    def path_on(self, unit_id: str, day: date) -> tuple[str, ...]:
        """Unit ids from the root down to `unit_id` on `day` (the unit's nearest day if it did not exist)."""
        unit = self.units.get(unit_id)
        if unit is None:
            return ()
        day = unit.nearest_day(day)
        path: list[str] = []
        current: str | None = unit_id
        while current is not None and current not in path:
            path.append(current)
            above = self.units.get(current)
            current = above.parent_on(day) if above is not None else None
        return tuple(reversed(path))

    def children_on(self, parent_id: str, day: date) -> list[TreeUnit]:
        """Units existing on `day` whose parent that day is `parent_id`, by id."""
        return sorted(
            (u for u in self.units.values() if u.exists_on(day) and u.parent_on(day) == parent_id),
            key=lambda u: u.unit_id,
        )


def unit_of(doc: Mapping[str, Any]) -> TreeUnit:
    """A unit from its stored form (dates as ISO strings)."""
    return TreeUnit(
        unit_id=str(doc["_id"]),
        name=str(doc["name"]),
        kind=str(doc["kind"]),
        level=int(doc["level"]),
        valid_from=date.fromisoformat(doc["valid_from"]),
        valid_to=_day(doc.get("valid_to")),
        parents=tuple(
            Link(p["parent_id"], date.fromisoformat(p["valid_from"]), _day(p.get("valid_to")))
            for p in doc.get("parents", [])
        ),
        successor_id=doc.get("successor_id"),
    )


def stored(unit: TreeUnit) -> dict[str, Any]:
    """A unit in its stored form (dates as ISO strings: equal in every store and easy to compare)."""
    return {
        "_id": unit.unit_id,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level,
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": _iso(unit.valid_to),
        "parents": [
            {"parent_id": p.parent_id, "valid_from": p.valid_from.isoformat(), "valid_to": _iso(p.valid_to)}
            for p in unit.parents
        ],
        "successor_id": unit.successor_id,
    }


def changed_units(envelope: Envelope, known: Mapping[str, TreeUnit]) -> list[TreeUnit]:
    """The units a `unit.*` event sets, as they are after it (the same event gives the same units)."""
    if envelope.event_type == "unit.created":
        return [_created(payload_of(envelope, UnitCreated), envelope.unit_path)]
    if envelope.event_type == "unit.moved":
        moved = payload_of(envelope, UnitMoved)
        unit = known.get(moved.unit_id)
        return [] if unit is None else [_moved(unit, moved)]
    if envelope.event_type == "unit.retired":
        retired = payload_of(envelope, UnitRetired)
        unit = known.get(retired.unit_id)
        return [] if unit is None else [_retired(unit, retired)]
    if envelope.event_type == "unit.merged":
        return _merged(payload_of(envelope, UnitMerged), known)
    return []


def involved_ids(envelope: Envelope) -> list[str]:
    """The units whose stored state a `unit.*` event needs to be applied."""
    payload = envelope.payload
    ids = [str(payload["unit_id"])]
    if envelope.event_type == "unit.merged":
        ids += [str(s) for s in payload.get("source_ids", [])] + [str(payload["parent_id"])]
    return ids


def _created(p: UnitCreated, unit_path: Sequence[str]) -> TreeUnit:
    parents = tuple(Link(link.parent_id, link.valid_from, link.valid_to) for link in p.parents)
    if not parents and len(unit_path) > 1:  # a unit announced with its path only
        parents = (Link(unit_path[-2], p.valid_from, p.valid_to),)
    return TreeUnit(p.unit_id, p.name, p.kind, p.level, p.valid_from, p.valid_to, parents)


def _merged(p: UnitMerged, known: Mapping[str, TreeUnit]) -> list[TreeUnit]:
    """The sources end the day before (as their own `unit.retired` also says); the new unit if unknown."""
    last = p.effective_date - ONE_DAY
    ended = [
        replace(known[s], valid_to=last, successor_id=p.unit_id, parents=_all_closed(known[s].parents, last))
        for s in p.source_ids
        if s in known and s != p.unit_id and known[s].valid_to is None
    ]
    if p.unit_id in known:  # its own `unit.created` came first, as registration sends them
        return ended
    sources = [known[s] for s in p.source_ids if s in known]
    parent = known.get(p.parent_id)
    new = TreeUnit(
        unit_id=p.unit_id,
        name=p.name,
        kind=sources[0].kind if sources else "ward",
        level=parent.level + 1 if parent else 1,
        valid_from=p.effective_date,
        parents=(Link(p.parent_id, p.effective_date),),
    )
    return [*ended, new]


def _all_closed(links: Sequence[Link], last_day: date) -> tuple[Link, ...]:
    return tuple(_closed(link, last_day) for link in links)


def _moved(unit: TreeUnit, p: UnitMoved) -> TreeUnit:
    if p.parents:
        links = tuple(Link(link.parent_id, link.valid_from, link.valid_to) for link in p.parents)
    else:  # an event without the links after the move: close the open one, open the new one
        last = p.effective_date - ONE_DAY
        kept = tuple(_closed(link, last) for link in unit.parents if link.valid_from < p.effective_date)
        links = (*kept, Link(p.to_parent_id, p.effective_date))
    return replace(unit, parents=links)


def _retired(unit: TreeUnit, p: UnitRetired) -> TreeUnit:
    links = (
        tuple(Link(link.parent_id, link.valid_from, link.valid_to) for link in p.parents)
        if p.parents
        else _all_closed(unit.parents, p.valid_to)
    )
    return replace(unit, valid_to=p.valid_to, parents=links, successor_id=p.successor_id)


def _closed(link: Link, last_day: date) -> Link:
    if link.valid_to is None or link.valid_to > last_day:
        return replace(link, valid_to=last_day)
    return link


def tree_of(units: Iterable[TreeUnit]) -> Tree:
    """A tree of these units."""
    return Tree({u.unit_id: u for u in units})


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
