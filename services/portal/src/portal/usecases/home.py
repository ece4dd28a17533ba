"""The home page: where the person works (their active roles) and the rounds open to them, counting down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi

SUBMITTING_ROLES = frozenset({"unit_officer", "unit_head", "admin"})


@dataclass(frozen=True)
class Workplace:
    """A unit where the person holds roles."""

    unit_id: str
    unit_name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class OpenRound:
    """A round a unit of the person submits to, with the deadline that applies to that unit."""

    round_id: str
    name: str
    kind: str
    year: int
    receiving_unit_name: str
    deadline: datetime
    unit_id: str
    unit_name: str


def _active(binding: dict[str, Any], now: datetime) -> bool:
    if binding.get("revoked_at") or binding.get("ended_on"):
        return False
    today = now.date().isoformat()
    return str(binding["valid_from"]) <= today and (
        binding.get("valid_to") is None or today <= str(binding["valid_to"])
    )


async def workplaces(access: ServiceApi, now: datetime) -> list[Workplace]:
    """The units where the person holds an active role, with the roles."""
    roles: dict[tuple[str, str], list[str]] = {}
    for binding in await access.get("/me/bindings"):
        if _active(binding, now):
            roles.setdefault((binding["unit_id"], binding["unit_name"]), []).append(binding["role"])
    return [Workplace(u, n, tuple(sorted(r))) for (u, n), r in sorted(roles.items(), key=lambda i: i[0][1])]


async def open_rounds(registration: ServiceApi, places: list[Workplace], now: datetime) -> list[OpenRound]:
    """Rounds of the levels above the person's units that still accept that unit's submissions."""
    found: list[OpenRound] = []
    for place in places:
        if not SUBMITTING_ROLES.intersection(place.roles):
            continue
        try:
            rounds = await registration.get("/rounds", unit_id=place.unit_id)
        except ApiError:
            continue
        for r in rounds:
            if r["receiving_unit_id"] == place.unit_id:
                continue
            own = [e["deadline"] for e in r.get("extensions", []) if e["unit_id"] == place.unit_id]
            deadline = max(datetime.fromisoformat(d) for d in [r["deadline"], *own])
            if deadline >= now:
                found.append(OpenRound(
                    r["round_id"], r["name"], r["kind"], r["year"], r["receiving_unit_name"], deadline,
                    place.unit_id, place.unit_name,
                ))  # fmt: skip
    return sorted(found, key=lambda r: (r.deadline, r.name))
