"""Journey 2: the standing office's levels and its inbox of nominations, filtered and paginated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.office import AWARD_VI, PAGE, by_name
from portal.usecases.home import Workplace, workplaces

OFFICE_ROLES = frozenset({"standing_office"})
NOT_OFFICE = ApiError(
    403, "NOT_LEVEL_OFFICE", "Tài khoản của bạn không phải cơ quan thường trực Hội đồng TĐKT của cấp này."
)


@dataclass(frozen=True)
class Choice:
    """One option of a filter: the value sent, the words shown."""

    value: str
    label: str


async def levels_with(access: ServiceApi, now: datetime, roles: frozenset[str]) -> list[Workplace]:
    """The units where the person holds one of `roles` (its levels)."""
    return [p for p in await workplaces(access, now) if roles.intersection(p.roles)]


async def level_of(access: ServiceApi, now: datetime, level_id: str, roles: frozenset[str]) -> Workplace:
    """The level asked for, if the person holds one of `roles` there; NOT_LEVEL_OFFICE otherwise."""
    for place in await levels_with(access, now, roles):
        if place.unit_id == level_id:
            return place
    raise NOT_OFFICE


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox is narrowed to, and which page."""

    round_id: str = ""
    status: str = ""
    unit_id: str = ""
    award_code: str = ""
    q: str = ""
    skip: int = 0
    limit: int = PAGE

    def params(self) -> dict[str, Any]:
        """The filters as a link's query (the page size only when not the default)."""
        shown = {k: v for k, v in self.__dict__.items() if k not in ("skip", "limit")}
        return {**shown, "limit": self.limit if self.limit != PAGE else None}


@dataclass(frozen=True)
class InboxPage:
    """A page of the level's nominations, with what each filter offers."""

    level: Workplace
    filters: InboxFilters
    items: list[dict[str, Any]]
    total: int
    rounds: list[Choice] = field(default_factory=list)
    units: list[Choice] = field(default_factory=list)
    awards: list[Choice] = field(default_factory=list)


async def nomination_rounds(registration: ServiceApi, level_id: str) -> list[Choice]:
    """The nomination rounds the level receives, newest first."""
    rounds = await registration.get("/rounds", unit_id=level_id)
    mine = [r for r in rounds if r["receiving_unit_id"] == level_id and r["kind"] == "nomination"]
    return [
        Choice(r["round_id"], r["name"]) for r in sorted(mine, key=lambda r: r["opened_on"], reverse=True)
    ]


async def child_units(registration: ServiceApi, level_id: str) -> list[Choice]:
    """The units directly under the level, by name."""
    page = await registration.get(f"/units/{level_id}/children", limit=100)
    return [Choice(u["unit_id"], u["name"]) for u in sorted(page["items"], key=lambda u: by_name(u["name"]))]


async def inbox(
    review: ServiceApi, registration: ServiceApi, level: Workplace, filters: InboxFilters
) -> InboxPage:
    """The level's nominations narrowed by the filters (the name searched without accents)."""
    asked = {k: (v or None) for k, v in filters.__dict__.items()}
    found = await review.get("/nominations", level_unit_id=level.unit_id, **asked)
    return InboxPage(
        level, filters, list(found["items"]), int(found["total"]),
        await nomination_rounds(registration, level.unit_id), await child_units(registration, level.unit_id),
        [Choice(code, name) for code, name in AWARD_VI.items()],
    )  # fmt: skip
