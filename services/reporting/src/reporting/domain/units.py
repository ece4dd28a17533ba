"""Units as a period's views see them: the tree of that day (docs/decisions/0019)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from emutrack_kit.org_tree import Tree, TreeUnit


@dataclass(frozen=True)
class UnitOnDay:
    """A unit as the tree shows it on one day: its id, name, kind, level and path that day."""

    unit_id: str
    name: str
    kind: str
    level: int
    path: tuple[str, ...]


@dataclass(frozen=True)
class UnitRef:
    """A unit by id and name."""

    unit_id: str
    name: str


def unit_on(tree: Tree, unit_id: str, day: date) -> UnitOnDay | None:
    """The unit on `day` (its path that day), or None if no event named it yet."""
    unit = tree.get(unit_id)
    return None if unit is None else _seen(tree, unit, day)


def children_on(tree: Tree, unit_id: str, day: date) -> list[UnitOnDay]:
    """The units directly under a unit on `day` (its last day, if it had ended by then), by id."""
    unit = tree.get(unit_id)
    if unit is None:
        return []
    day = unit.nearest_day(day)
    return [_seen(tree, child, day) for child in tree.children_on(unit_id, day)]


def _seen(tree: Tree, unit: TreeUnit, day: date) -> UnitOnDay:
    return UnitOnDay(unit.unit_id, unit.name, unit.kind, unit.level, tree.path_on(unit.unit_id, day))


def ever_above(tree: Tree, unit: TreeUnit) -> set[str]:
    """The unit and every unit it was ever under, through any of its dated parent links."""
    found: set[str] = set()
    waiting = [unit.unit_id]
    while waiting:
        current = waiting.pop()
        if current in found:
            continue
        found.add(current)
        above = tree.get(current)
        waiting += [link.parent_id for link in above.parents] if above is not None else []
    return found
