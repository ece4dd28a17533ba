"""Journey 5: a leader's dashboard of their subtree — numbers (as of a month), children, targets, rankings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.dashboard import READING_ROLES, Crumb, crumbs, searched
from portal.usecases import home
from portal.usecases.clusters import unit_names

PAGE = 20


@dataclass(frozen=True)
class Asked:
    """Which unit, which year, as of which month (None: the whole year), which children."""

    unit_id: str
    period: int
    as_of: str | None = None
    q: str = ""
    skip: int = 0


@dataclass
class Dashboard:
    """A unit's numbers, its children's (one page, as searched), its targets and its clusters' rankings."""

    asked: Asked
    unit_name: str
    crumbs: list[Crumb]
    counts: dict[str, Any] | None = None  # None: nothing counted that year (`missing` says so)
    missing: str = ""
    children: list[dict[str, Any]] = field(default_factory=list)
    children_total: int = 0
    targets: list[dict[str, Any]] = field(default_factory=list)
    rankings: list[dict[str, Any]] = field(default_factory=list)
    calendars: list[dict[str, Any]] = field(default_factory=list)  # task calendars issued in the subtree
    titles: dict[str, str] = field(default_factory=dict)
    readable: frozenset[str] = frozenset()
    limit: int = PAGE


async def reading_units(access: ServiceApi, now: datetime) -> list[home.Workplace]:
    """The units whose subtree the person reads (as a leader, a viewer or the standing office)."""
    return [p for p in await home.workplaces(access, now) if READING_ROLES.intersection(p.roles)]


async def dashboard(
    reporting: ServiceApi, registration: ServiceApi, access: ServiceApi, asked: Asked, now: datetime
) -> Dashboard:
    """The unit's dashboard; a year without data says so rather than failing."""
    unit, places, titles = await asyncio.gather(
        registration.get(f"/units/{asked.unit_id}"),
        reading_units(access, now),
        registration.get("/titles"),
    )
    path = list(unit["path"])
    names = await unit_names(registration, path)
    readable = frozenset(p.unit_id for p in places)
    shown = Dashboard(
        asked, unit["name"], crumbs([(u, names[u]) for u in path], readable),
        titles={t["code"]: t["name"] for t in titles}, readable=readable,
    )  # fmt: skip
    period = str(asked.period)
    try:
        shown.counts = await reporting.get(f"/units/{asked.unit_id}/counts", period=period, as_of=asked.as_of)
    except ApiError as error:
        if error.code != "UNKNOWN_PERIOD":
            raise
        shown.missing = error.message
        return shown
    children, targets, rankings, calendars = await asyncio.gather(
        reporting.get(f"/units/{asked.unit_id}/children/counts", period=period, as_of=asked.as_of),
        reporting.get(f"/units/{asked.unit_id}/targets", period=period),
        reporting.get(f"/units/{asked.unit_id}/rankings", period=period),
        reporting.get(f"/units/{asked.unit_id}/task-calendar", period=period),
    )
    shown.children, shown.children_total = searched(children, asked.q, asked.skip, PAGE)
    shown.targets, shown.rankings = list(targets["targets"]), list(rankings)
    shown.calendars = list(calendars["calendars"])
    return shown
