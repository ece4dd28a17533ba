"""The organisation tree as data: units and parent links valid over date intervals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

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
    """A unit of the tree (city, district, ward, school, ...)."""

    unit_id: str
    name: str
    kind: UnitKind
    level: int
    valid_from: date
    valid_to: date | None = None
    parents: tuple[ParentLink, ...] = field(default_factory=tuple)

    def parent_on(self, day: date) -> str | None:
        """The parent valid on `day`, or None for a root (or a unit outside its validity)."""
        for link in self.parents:
            if link.valid_on(day):
                return link.parent_id
        return None

    def exists_on(self, day: date) -> bool:
        """True if the unit existed on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def is_within(unit_path: Sequence[str], ancestor_id: str) -> bool:
    """True if the unit at the end of `unit_path` is `ancestor_id` or lies below it."""
    return ancestor_id in unit_path
