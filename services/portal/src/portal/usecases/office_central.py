"""Issue 18.5 at the office: the level's nominations waiting above the city, and the sheet of outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from portal.adapters.api import ServiceApi
from portal.usecases.home import Workplace
from portal.usecases.lists_files import Sender, Upload, send_spreadsheet
from portal.usecases.office import OFFICE_ROLES, level_of

SHEET = "/central-outcomes.xlsx"


@dataclass(frozen=True)
class Waiting:
    """The level, and its nominations sent above the city still waiting for their outcome."""

    level: Workplace
    nominations: list[dict[str, Any]]


async def waiting(review: ServiceApi, access: ServiceApi, now: datetime, level_id: str) -> Waiting:
    """What the page lists (the person must hold the level's office)."""
    level = await level_of(access, now, level_id, OFFICE_ROLES)
    page = await review.get("/nominations", level_unit_id=level_id, status="forwarded", limit=100)
    return Waiting(level, [n for n in page["items"] if n.get("export_package")])


async def send_outcomes(sender: Sender, level_id: str, upload: Upload, key: str) -> int:
    """The filled sheet to review (every row or none); how many outcomes it recorded."""
    answer = await send_spreadsheet(
        sender, f"/central-outcomes/xlsx?level_unit_id={quote(level_id)}", upload, key
    )
    return int(answer["recorded"])
