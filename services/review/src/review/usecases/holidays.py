"""Use cases of the days off: read a year, enter a year (the city's standing office), the merged calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound
from review.domain.holidays import DayOff, HolidayYear, calendar, checked_year, default_years
from review.usecases.access import ensure_city_office
from review.usecases.context import Context


async def year_of(ctx: Context, year: int) -> HolidayYear:
    """The year's days off as entered, else the starting table's; NO_HOLIDAY_DATA if neither has it."""
    found = (await ctx.holidays.entered()).get(year) or default_years().get(year)
    if found is None:
        raise NotFound(
            "NO_HOLIDAY_DATA",
            f"Chưa có lịch nghỉ lễ năm {year}; cơ quan thường trực Thành phố cần nhập lịch nghỉ năm đó.",
            field="year",
        )
    return found


@dataclass(frozen=True)
class EnterYear:
    """A year's days off as the standing office enters them, with the notice they come from."""

    year: int
    days_off: tuple[DayOff, ...]
    make_up_days: tuple[date, ...]
    source: str


async def enter_year(ctx: Context, principal: Principal, command: EnterYear) -> HolidayYear:
    """The city's standing office enters (or corrects) a year's days off; periods count on it from now."""
    await authorize_entry(ctx, principal)
    days_off, make_up, source = checked_year(
        command.year, command.days_off, command.make_up_days, command.source
    )
    year = HolidayYear(command.year, days_off, make_up, source, principal.subject, ctx.clock())
    await ctx.holidays.save(year)
    return year


async def authorize_entry(ctx: Context, principal: Principal) -> None:
    """Only the city's standing office (or an admin bound to the city) enters days off."""
    await ensure_city_office(ctx, principal, "nhập, sửa lịch nghỉ lễ dùng để tính ngày làm việc", "year")


async def days_off_calendar(ctx: Context) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, make-up working days) that working-day periods count on today."""
    return calendar(await ctx.holidays.entered())
