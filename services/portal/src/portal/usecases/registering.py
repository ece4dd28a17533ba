"""Journey 1's first step: a unit registers collective titles in a round it submits to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.adapters.api import ServiceApi


@dataclass(frozen=True)
class RoundPage:
    """A round as a unit sees it: the round, the titles it may register for, what it registered."""

    round: dict[str, Any]
    unit_id: str
    unit_name: str
    titles: list[dict[str, Any]]
    registered: list[dict[str, Any]]


async def round_page(registration: ServiceApi, round_id: str, unit_id: str) -> RoundPage:
    """The round, the collective titles, and the unit's registrations in it."""
    round_ = await registration.get(f"/rounds/{round_id}")
    unit = await registration.get(f"/units/{unit_id}")
    titles = await registration.get("/titles", subject_kind="collective")
    page = await registration.get("/registrations", round_id=round_id, unit_id=unit_id, limit=100)
    return RoundPage(round_, unit_id, unit["name"], titles, list(page["items"]))


async def register(registration: ServiceApi, round_id: str, unit_id: str, title_code: str, key: str) -> Any:
    """Register the unit for a title (the form's key makes a double click one registration)."""
    body = {"unit_id": unit_id, "title_code": title_code}
    return await registration.post(f"/rounds/{round_id}/registrations", body, key=key)
