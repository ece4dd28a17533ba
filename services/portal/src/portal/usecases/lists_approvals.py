"""The unit head approves what the unit registered; the unit's work in its open rounds, by kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.lists import PAGE, Pager
from portal.usecases.home import OpenRound, Workplace, open_rounds, workplaces

UNIT_ROLES = frozenset({"unit_officer", "unit_head", "admin"})
APPROVERS = frozenset({"unit_head", "admin"})


@dataclass(frozen=True)
class UnitWork:
    """A unit the person works for: its open rounds, and what waits for its head's approval."""

    place: Workplace
    rounds: list[OpenRound]
    waiting: int | None  # None: the person does not approve for this unit


async def unit_work(access: ServiceApi, registration: ServiceApi, now: datetime) -> list[UnitWork]:
    """Every unit where the person drafts or approves, with its open rounds and what waits for approval."""
    places = [p for p in await workplaces(access, now) if UNIT_ROLES.intersection(p.roles)]
    rounds = await open_rounds(registration, places, now)
    work = []
    for place in places:
        waiting = None
        if APPROVERS.intersection(place.roles):
            found = await registration.get(
                "/registrations", unit_id=place.unit_id, status="submitted", limit=1
            )
            waiting = int(found["total"])
        work.append(UnitWork(place, [r for r in rounds if r.unit_id == place.unit_id], waiting))
    return work


@dataclass(frozen=True)
class ApprovalsPage:
    """A head's page: the units they approve for, the one shown, its registrations waiting and approved."""

    units: list[Workplace]
    unit_id: str
    unit_name: str
    waiting: list[dict[str, Any]]
    pages: Pager
    approved: list[dict[str, Any]]
    round_names: dict[str, str]


async def approvals_page(
    access: ServiceApi, registration: ServiceApi, unit_id: str | None, skip: int, now: datetime
) -> ApprovalsPage:
    """What waits for the head's approval in one of their units (the first by name unless chosen)."""
    units = [p for p in await workplaces(access, now) if APPROVERS.intersection(p.roles)]
    chosen = next((u for u in units if u.unit_id == unit_id), units[0] if units else None)
    if chosen is None:
        return ApprovalsPage([], "", "", [], Pager(0, 0, 0), [], {})
    waiting = await registration.get(
        "/registrations", unit_id=chosen.unit_id, status="submitted", limit=PAGE, skip=skip
    )
    approved = await registration.get("/registrations", unit_id=chosen.unit_id, status="approved", limit=PAGE)
    names: dict[str, str] = {}
    for r in [*waiting["items"], *approved["items"]]:
        if r["round_id"] not in names:
            names[r["round_id"]] = str((await registration.get(f"/rounds/{r['round_id']}"))["name"])
    pages = Pager(skip, len(waiting["items"]), int(waiting["total"]))
    return ApprovalsPage(
        units, chosen.unit_id, chosen.unit_name, list(waiting["items"]), pages, list(approved["items"]), names
    )


@dataclass(frozen=True)
class Approved:
    """A registration as approved, and its round's name."""

    registration: dict[str, Any]
    round_name: str


async def approve(registration: ServiceApi, registration_id: str, key: str) -> Approved:
    """Approve a registration; one already approved (a double click, a second tab) is done, not refused."""
    try:
        path = f"/registrations/{registration_id}/approve"
        approved: dict[str, Any] = await registration.post(path, key=key)
    except ApiError as error:
        if error.code not in (
            "INVALID_STATUS",
            "CONCURRENT_CHANGE",
        ):  # nor a second approval, nor one racing it
            raise
        approved = await registration.get(f"/registrations/{registration_id}")
        if approved["status"] != "approved":
            raise
    round_ = await registration.get(f"/rounds/{approved['round_id']}")
    return Approved(approved, str(round_["name"]))
