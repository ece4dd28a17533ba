"""The unit tree as it stood on a day: the city, the units under it, and the wards under those (ADR 0018)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from portal.adapters.api import ServiceApi

LEAVES = frozenset({"ward"})  # not opened further: a ward's own offices are not part of this page
CHILDREN = 100


@dataclass(frozen=True)
class TreeNode:
    """A unit on the day shown (its label says when it ended if it had), and the units under it."""

    unit_id: str
    label: str
    kind: str
    ended: bool
    children: list[TreeNode] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many units are under it, at every depth."""
        return sum(1 + child.count for child in self.children)


async def tree_on(registration: ServiceApi, day: date, include_past: bool) -> list[TreeNode]:
    """The tree on `day`: each city with the units under it, two levels down (those ended too if asked)."""
    cities = await _units(registration, day, include_past, kind="city")
    return list(await asyncio.gather(*(_node(registration, c, day, include_past, 2) for c in cities)))


async def _node(
    registration: ServiceApi, unit: dict[str, Any], day: date, include_past: bool, depth: int
) -> TreeNode:
    children: list[TreeNode] = []
    if depth > 0 and unit["kind"] not in LEAVES:
        below = await _units(registration, day, include_past, parent_id=unit["unit_id"])
        children = list(
            await asyncio.gather(*(_node(registration, u, day, include_past, depth - 1) for u in below))
        )
    ended = bool(unit.get("valid_to")) and str(unit["valid_to"]) < day.isoformat()
    return TreeNode(unit["unit_id"], unit["label"], unit["kind"], ended, children)


async def _units(
    registration: ServiceApi, day: date, include_past: bool, **where: str
) -> list[dict[str, Any]]:
    page = await registration.get(
        "/units", on=day.isoformat(), include_past="true" if include_past else None, limit=CHILDREN, **where
    )
    return list(page["items"])
