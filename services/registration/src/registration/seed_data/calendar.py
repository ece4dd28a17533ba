"""The task calendar of Thanh Xuân's 2020 emulation plan (Kế hoạch 54/KH-HĐTĐKT, appendix), as data."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from registration.domain.calendar import TaskCalendar, parse_calendar

CALENDAR_THANH_XUAN_2020 = "calendar_thanh_xuan_2020.json"


def load_calendar_thanh_xuan_2020() -> TaskCalendar:
    """The 2020 plan's tasks by quarter, validated (wording verbatim from the seed)."""
    text = (
        resources.files("registration.seed_data")
        .joinpath(CALENDAR_THANH_XUAN_2020)
        .read_text(encoding="utf-8")
    )
    raw: dict[str, Any] = json.loads(text)
    return parse_calendar(raw)
