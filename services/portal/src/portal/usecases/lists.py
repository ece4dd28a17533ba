"""A unit's individual list in a registration round: the template, the upload, the people accepted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.lists import PAGE, Pager
from portal.usecases.lists_files import Sender, Upload, send_spreadsheet

TEMPLATE = "/templates/individual-registrations.xlsx"


def list_path(round_id: str, unit_id: str) -> str:
    """The service's path of a unit's list in a round."""
    return f"/rounds/{round_id}/units/{unit_id}/individual-registrations"


@dataclass(frozen=True)
class Sent:
    """A list as the service keeps it: which version, when, how many for each title."""

    version: int
    submitted_at: str
    people: int
    counts: list[tuple[str, int]]  # (title's name, how many)


@dataclass(frozen=True)
class PeoplePage:
    """A round's page of a unit's individual list: what was sent, and one page of the people found."""

    round: dict[str, Any]
    unit_id: str
    unit_name: str
    sent: Sent | None
    people: list[dict[str, Any]]
    pages: Pager
    q: str


async def unit_round(registration: ServiceApi, round_id: str, unit_id: str) -> tuple[dict[str, Any], str]:
    """The round and the unit's name."""
    round_ = await registration.get(f"/rounds/{round_id}")
    unit = await registration.get(f"/units/{unit_id}")
    return round_, str(unit["name"])


async def stored_or_none(registration: ServiceApi, path: str) -> Any:
    """What the service keeps at `path`, or None when nothing was sent yet."""
    try:
        return await registration.get(path)
    except ApiError as error:
        if error.status == 404:
            return None
        raise


def _sent(stored: dict[str, Any]) -> Sent:
    names = {p["title_code"]: p["title_name"] for p in stored["people"]}
    counts = [(names.get(code, code), n) for code, n in sorted(stored["counts_by_title"].items())]
    return Sent(int(stored["version"]), str(stored["submitted_at"]), len(stored["people"]), counts)


async def people_page(registration: ServiceApi, round_id: str, unit_id: str, q: str, skip: int) -> PeoplePage:
    """The round, the unit's list as sent, and a page of its people (searched by name, any accents)."""
    round_, unit_name = await unit_round(registration, round_id, unit_id)
    stored = await stored_or_none(registration, list_path(round_id, unit_id))
    found: dict[str, Any] = {"total": 0, "items": []}
    if stored is not None:
        found = await registration.get(
            "/people", round_id=round_id, unit_id=unit_id, q=q.strip() or None, limit=PAGE, skip=skip
        )
    pages = Pager(skip, len(found["items"]), int(found["total"]))
    sent = _sent(stored) if stored is not None else None
    return PeoplePage(round_, unit_id, unit_name, sent, list(found["items"]), pages, q)


async def send_people(
    sender: Sender, round_id: str, unit_id: str, upload: Upload, key: str
) -> dict[str, Any]:
    """Send the filled template: the whole list replaces the unit's earlier one, or nothing is kept."""
    sent: dict[str, Any] = await send_spreadsheet(sender, f"{list_path(round_id, unit_id)}/xlsx", upload, key)
    return sent
