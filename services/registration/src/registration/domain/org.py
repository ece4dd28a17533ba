"""The organisation tree as data: units and parent links valid over date intervals."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from emutrack_kit.text import nfc

UnitKind = Literal[
    "city", "district", "ward", "department", "school", "mass_organisation", "residential_group"
]


@dataclass(frozen=True)
class ParentLink:
    """`parent_id` is the unit's parent from `valid_from` to `valid_to` (inclusive, open if None)."""

    parent_id: str
    valid_from: date
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        """True if the link holds on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Unit:
    """A unit of the tree (city, district, ward, school, ...).

    `ops` are the restructuring operations already applied to it (so a re-run is a no-op);
    `ended_by` is the operation that ended it and `successor_id` the unit it was merged into.
    """

    unit_id: str
    name: str
    kind: UnitKind
    level: int
    valid_from: date
    valid_to: date | None = None
    parents: tuple[ParentLink, ...] = field(default_factory=tuple)
    ops: tuple[str, ...] = ()
    ended_by: str | None = None
    successor_id: str | None = None

    def parent_on(self, day: date) -> str | None:
        """The parent valid on `day`, or None for a root (or a unit outside its validity)."""
        for link in self.parents:
            if link.valid_on(day):
                return link.parent_id
        return None

    def exists_on(self, day: date) -> bool:
        """True if the unit existed on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def nearest_day(self, day: date) -> date:
        """`day` clamped into the unit's validity: where to look the unit up around `day`."""
        if day < self.valid_from:
            return self.valid_from
        if self.valid_to is not None and day > self.valid_to:
            return self.valid_to
        return day

    def links_closed_after(self, last_day: date) -> tuple[ParentLink, ...]:
        """The parent links with every link still open after `last_day` ending on it."""
        return tuple(
            replace(link, valid_to=last_day) if link.valid_to is None or link.valid_to > last_day else link
            for link in self.parents
        )


def is_within(unit_path: Sequence[str], ancestor_id: str) -> bool:
    """True if the unit at the end of `unit_path` is `ancestor_id` or lies below it."""
    return ancestor_id in unit_path


# --- restructuring operations (their rules: domain/restructure.py) ----------------------


@dataclass(frozen=True)
class NewUnit:
    """The unit a merge creates, under `parent_id` from the effective date."""

    unit_id: str
    name: str
    kind: UnitKind
    parent_id: str


@dataclass(frozen=True)
class Merge:
    """Sources end the day before `effective_date`; `new_unit` starts on it."""

    source_ids: tuple[str, ...]
    new_unit: NewUnit
    effective_date: date

    @property
    def operation_id(self) -> str:
        """Stable id derived from the content: the same request is the same operation."""
        n = self.new_unit
        content = "|".join([*sorted(self.source_ids), nfc(n.name), n.kind, n.parent_id])
        digest = hashlib.sha256(content.encode()).hexdigest()[:10]
        return f"merge:{n.unit_id}:{self.effective_date}:{digest}"


@dataclass(frozen=True)
class Move:
    """`unit_id` has `parent_id` as parent from `effective_date` (`level` stays: paths give depth)."""

    unit_id: str
    parent_id: str
    effective_date: date

    @property
    def operation_id(self) -> str:
        """Stable id derived from the content."""
        return f"move:{self.unit_id}:{self.effective_date}:{self.parent_id}"


@dataclass(frozen=True)
class Retire:
    """`unit_id` ends the day before `effective_date`."""

    unit_id: str
    effective_date: date

    @property
    def operation_id(self) -> str:
        """Stable id derived from the content."""
        return f"retire:{self.unit_id}:{self.effective_date}"


Operation = Merge | Move | Retire


def involved(op: Operation) -> dict[str, str]:
    """Units an operation refers to, by the request field naming them."""
    if isinstance(op, Merge):
        fields = {f"source_ids.{i}": s for i, s in enumerate(op.source_ids)}
        return {**fields, "new_unit.parent_id": op.new_unit.parent_id}
    if isinstance(op, Move):
        return {"unit_id": op.unit_id, "parent_id": op.parent_id}
    return {"unit_id": op.unit_id}
