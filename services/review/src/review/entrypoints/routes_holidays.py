"""HTTP routes of the days off working-day periods count on: read a year, entered by the city's office."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from emutrack_kit.auth import Principal
from review.domain.holidays import MAX_DAYS_OFF, DayOff, HolidayYear
from review.entrypoints.guards import Guards
from review.usecases import holidays

Year = Annotated[int, Path(ge=2000, le=2100)]


class DayOffIn(BaseModel):
    """A break: first and last day (the same for one day), the occasion."""

    first: date
    last: date
    occasion: str = Field(max_length=200, examples=["Tết Nguyên đán Bính Ngọ"])


class HolidayYearIn(BaseModel):
    """A year's breaks and worked make-up days, and the notice they come from."""

    days_off: list[DayOffIn] = Field(max_length=MAX_DAYS_OFF)
    make_up_days: list[date] = Field(default_factory=list, max_length=20)
    source: str = Field(max_length=500, examples=["Thông báo 6150/TB-BNV ngày 20/11/2025 của Bộ Nội vụ"])


class HolidayYearOut(BaseModel):
    """A year's days off, where they come from, whether anyone entered them."""

    year: int
    days_off: list[dict[str, Any]]
    make_up_days: list[date]
    source: str
    is_default: bool
    updated_by: str | None
    updated_at: datetime | None

    @classmethod
    def of(cls, year: HolidayYear) -> "HolidayYearOut":
        """The API shape of a year."""
        fields = asdict(year)
        return cls(**fields, is_default=year.is_default)


def holidays_router(guards: Guards) -> APIRouter:
    """Routes under /holidays."""
    ctx, router = guards.ctx, APIRouter(tags=["days off"])
    Caller = Annotated[Principal, guards.caller()]
    CityOffice = Annotated[Principal, guards.first(holidays.authorize_entry)]

    @router.get("/holidays/{year}")
    async def year_of(year: Year, caller: Caller) -> HolidayYearOut:
        return HolidayYearOut.of(await holidays.year_of(ctx, year))

    @router.put("/holidays/{year}")
    async def enter_year(year: Year, body: HolidayYearIn, caller: CityOffice) -> HolidayYearOut:
        days_off = tuple(DayOff(d.first, d.last, d.occasion) for d in body.days_off)
        command = holidays.EnterYear(year, days_off, tuple(body.make_up_days), body.source)
        return HolidayYearOut.of(await holidays.enter_year(ctx, caller, command))

    return router
