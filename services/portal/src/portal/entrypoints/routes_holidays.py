"""The days-off page: a year's breaks and make-up days for the standing offices, entered by the city's."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from emutrack_kit.clock import HANOI
from portal.adapters.api import ApiError
from portal.domain.holidays import LINE_HELP
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import holidays

Year = Annotated[int, Path(ge=2000, le=2100)]


class YearForm(BaseModel):
    """What the year's form posts, as typed."""

    csrf: str = ""
    key: str = ""
    days_off: str = ""
    make_up_days: str = ""
    source: str = ""


def holidays_router(load: SessionLoader) -> APIRouter:
    """/holidays?year= and its form."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/holidays", response_class=HTMLResponse)
    async def year_view(
        request: Request, me: Me, year: Annotated[int, Query(ge=2000, le=2100)] = 0, done: str = ""
    ) -> Response:
        return await _year_page(request, me, year or datetime.now(HANOI).year, done=done)

    @router.post("/holidays/{year}", response_class=HTMLResponse)
    async def enter(request: Request, year: Year, me: Me, form: Annotated[YearForm, Form()]) -> Response:
        typed = form.model_dump(exclude={"csrf", "key"})
        try:
            await holidays.enter_year(me.api("review"), year, typed)
        except ApiError as error:
            return await _year_page(request, me, year, refusal=(error, typed))
        await me.close()
        return RedirectResponse(f"/holidays?year={year}&done=1", status_code=303)

    return router


async def _year_page(
    request: Request,
    me: Caller,
    year: int,
    *,
    done: str = "",
    refusal: tuple[ApiError, dict[str, Any]] | None = None,
) -> Response:
    try:
        data = await holidays.holiday_page(
            me.api("review"), me.api("access"), me.api("registration"), datetime.now(UTC), year
        )
    except ApiError as failed:
        return page(request, "problem.html", me, status=failed.status, error=failed)
    finally:
        await me.close()
    if refusal is not None:
        error, typed = refusal
        return refused(request, me, error, "holidays.html", data=data, typed=typed, done="", help=LINE_HELP)
    typed = {"days_off": data.lines, "make_up_days": data.make_up_lines, "source": ""}
    return page(request, "holidays.html", me, data=data, typed=typed, done=done, help=LINE_HELP)
