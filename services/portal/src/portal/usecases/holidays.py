"""The days off working-day periods count on: a year's table for standing offices, entered by the city's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.holidays import as_lines, breaks_from, days_from
from portal.domain.office import CHECK_FIELDS
from portal.usecases.home import workplaces
from portal.usecases.office import NOT_OFFICE
from portal.usecases.office_nomination import for_form

OFFICES = frozenset({"standing_office", "admin"})


@dataclass(frozen=True)
class HolidayPage:
    """A year's days off (None: nobody entered it yet), and whether this person may enter them."""

    year: int
    entered: dict[str, Any] | None
    may_enter: bool

    @property
    def lines(self) -> str:
        """The breaks as the form shows them."""
        return as_lines(self.entered["days_off"]) if self.entered else ""

    @property
    def make_up_lines(self) -> str:
        """The make-up days, one per line."""
        days = self.entered["make_up_days"] if self.entered else []
        return "\n".join(f"{date.fromisoformat(d):%d/%m/%Y}" for d in days)


async def holiday_page(
    review: ServiceApi, access: ServiceApi, registration: ServiceApi, now: datetime, year: int
) -> HolidayPage:
    """The year's table, for standing offices; the city's office may enter it."""
    places = [p for p in await workplaces(access, now) if OFFICES.intersection(p.roles)]
    if not places:
        raise NOT_OFFICE
    kinds = [(await registration.get(f"/units/{p.unit_id}"))["kind"] for p in places]
    try:
        entered = await review.get(f"/holidays/{year}")
    except ApiError as error:
        if error.code != "NO_HOLIDAY_DATA":
            raise
        entered = None
    return HolidayPage(year, entered, "city" in kinds)


async def enter_year(review: ServiceApi, year: int, typed: dict[str, str]) -> None:
    """Send the year as typed: breaks and make-up days one per line, and the notice they come from."""
    days_off, wrong_break = breaks_from(typed.get("days_off", ""))
    make_up, wrong_day = days_from(typed.get("make_up_days", ""))
    wrong = {k: v for k, v in (("days_off", wrong_break), ("make_up_days", wrong_day)) if v}
    if wrong:
        raise ApiError(422, "VALIDATION_ERROR", CHECK_FIELDS, next(iter(wrong)), wrong)
    body = {"days_off": days_off, "make_up_days": make_up, "source": typed.get("source", "")}
    try:
        await review.put(f"/holidays/{year}", body)  # a PUT: sent twice, the same year
    except ApiError as error:
        raise for_form(error, ["days_off", "make_up_days", "source"]) from None
