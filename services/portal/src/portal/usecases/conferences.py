"""Conferences of exemplars for a level's standing office: plan, delegates from the sheet, confirm, report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.conferences import plan_body, report_body
from portal.domain.office import CHECK_FIELDS
from portal.usecases.home import Workplace
from portal.usecases.lists_files import Sender, Upload, send_spreadsheet
from portal.usecases.office import level_of
from portal.usecases.office_nomination import for_form

OFFICES = frozenset({"standing_office", "admin"})
PLAN_FIELDS = [
    "name",
    "hold_by",
    "max_delegates",
    "exemplar_share",
    "reports_due",
    "minimums",
    "parent_conference_id",
]


@dataclass(frozen=True)
class ConferencesPage:
    """A level's conferences, latest first."""

    level: Workplace
    items: list[dict[str, Any]]


async def conferences_of(
    registration: ServiceApi, access: ServiceApi, now: datetime, level_id: str
) -> ConferencesPage:
    """The level's conferences, for its standing office."""
    level = await level_of(access, now, level_id, OFFICES)
    return ConferencesPage(level, list(await registration.get("/conferences", level_unit_id=level_id)))


def _refused(wrong: dict[str, str]) -> ApiError:
    return ApiError(422, "VALIDATION_ERROR", CHECK_FIELDS, next(iter(wrong)), wrong)


async def plan(registration: ServiceApi, level_id: str, typed: dict[str, str], key: str) -> str:
    """The office plans the level's conference; its id."""
    body, wrong = plan_body(level_id, typed)
    if wrong:
        raise _refused(wrong)
    try:
        return str((await registration.post("/conferences", body, key=key))["conference_id"])
    except ApiError as error:
        raise for_form(error, PLAN_FIELDS) from None


async def send_sheet(sender: Sender, conference_id: str, upload: Upload, key: str) -> None:
    """The filled delegates' sheet, to the service (every row or none)."""
    await send_spreadsheet(sender, f"/conferences/{conference_id}/delegates/xlsx", upload, key)


async def confirm(registration: ServiceApi, conference_id: str, key: str) -> None:
    """The office confirms the delegation (the service names every rule it breaks)."""
    await registration.post(f"/conferences/{conference_id}/confirmation", key=key)


async def report(registration: ServiceApi, conference_id: str, typed: dict[str, str], key: str) -> None:
    """The office reports its conference held."""
    body, wrong = report_body(typed)
    if wrong:
        raise _refused(wrong)
    try:
        await registration.post(f"/conferences/{conference_id}/report", body, key=key)
    except ApiError as error:
        raise for_form(error, ["held_on", "attended", "honoured", "summary"]) from None
