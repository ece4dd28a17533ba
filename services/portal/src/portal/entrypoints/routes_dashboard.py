"""Journey 5's pages: a leader's units, a unit's dashboard (drill-down, as of a month), charts and files."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from emutrack_kit.clock import HANOI
from portal.adapters.api import ApiError
from portal.domain import dashboard as labels
from portal.domain.clusters import points_vi
from portal.domain.dashboard import five_year_start, month_vi, typed_month
from portal.entrypoints.web import TEMPLATES, Caller, SessionLoader, page, refused
from portal.usecases import dashboard, dashboard_files
from portal.usecases.dashboard import Asked

TEMPLATES.env.filters.update(month_vi=month_vi, points_vi=points_vi)
TEMPLATES.env.filters["met_vi"] = lambda t: labels.met_vi(t["met"], t["value"])
TEMPLATES.env.filters["value_vi"] = lambda t: labels.value_vi(t["value"], t["goal"])
FIRST_YEAR = 2015
BAD_YEAR = "Năm không hợp lệ; hãy chọn một năm trong danh sách."


class DashboardQuery(BaseModel):
    """What a dashboard is asked for: the year, the month (empty: the whole year), the children's search."""

    period: str = Field("", max_length=10)
    as_of: str = Field("", max_length=20)
    q: str = Field("", max_length=100)
    skip: int = Field(0, ge=0)


class ChartQuery(BaseModel):
    """The year a chart shows, or its first and last years."""

    period: int | None = Field(None, ge=2000, le=2100)
    first: int | None = Field(None, alias="from", ge=2000, le=2100)
    last: int | None = Field(None, alias="to", ge=2000, le=2100)


class DownloadQuery(BaseModel):
    """The year of a file, or the first and last years of one spanning several (read leniently)."""

    period: str = Field("", max_length=10)
    first: str = Field("", alias="from", max_length=10)
    last: str = Field("", alias="to", max_length=10)


def this_year() -> int:
    """The year in Hà Nội."""
    return datetime.now(UTC).astimezone(HANOI).year


def year_of(text: str) -> int | None:
    """A year as typed or chosen (None if it is not one the portal offers)."""
    cleaned = text.strip()
    if cleaned.isdigit() and FIRST_YEAR <= int(cleaned) <= this_year():
        return int(cleaned)
    return None


def dashboard_router(load: SessionLoader) -> APIRouter:
    """/dashboard, /dashboard/{unit}, its charts and its files."""
    router = APIRouter(include_in_schema=False)
    router.include_router(_pages(load))
    router.include_router(_files(load))
    return router


async def shown(
    request: Request, me: Caller, asked: Asked, error: ApiError | None = None, typed_as_of: str | None = None
) -> HTMLResponse:
    """A unit's dashboard, with what was typed kept and a refusal beside its field."""
    api, now = me.api, datetime.now(UTC)
    try:
        found = await dashboard.dashboard(api("reporting"), api("registration"), api("access"), asked, now)
    except ApiError as refusal:
        return page(request, "problem.html", me, status=refusal.status, error=refusal)
    context: dict[str, Any] = {
        "d": found, "years": range(this_year(), FIRST_YEAR - 1, -1), "labels": labels,
        "as_of_typed": month_vi(asked.as_of) if typed_as_of is None else typed_as_of,
        "five_from": five_year_start(asked.period),
    }  # fmt: skip
    if error is not None:
        return refused(request, me, error, "dashboard.html", **context)
    return page(request, "dashboard.html", me, **context)


def _pages(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/dashboard", response_class=HTMLResponse)
    async def my_units(request: Request, me: Me) -> Response:
        try:
            places = await dashboard.reading_units(me.api("access"), datetime.now(UTC))
        finally:
            await me.close()
        if len(places) == 1:
            return RedirectResponse(f"/dashboard/{places[0].unit_id}", status_code=303)
        return page(request, "dashboard_units.html", me, places=places)

    @router.get("/dashboard/{unit_id}", response_class=HTMLResponse)
    async def unit_page(
        request: Request, unit_id: str, me: Me, asked: Annotated[DashboardQuery, Query()]
    ) -> HTMLResponse:
        year = year_of(asked.period) if asked.period else this_year()
        bad: dict[str, str] = {} if year else {"period": BAD_YEAR}
        try:
            month = typed_month(asked.as_of)
        except ValueError as exc:
            month, bad = None, {**bad, "as_of": str(exc)}
        wanted = Asked(unit_id, year or this_year(), month, asked.q.strip(), asked.skip)
        error = ApiError(422, "BAD_INPUT", next(iter(bad.values())), None, bad) if bad else None
        try:
            return await shown(request, me, wanted, error, asked.as_of)
        finally:
            await me.close()

    return router


def _files(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/dashboard/{unit_id}/charts/{name}.{fmt}")
    async def chart(
        unit_id: str, name: str, fmt: str, me: Me, years: Annotated[ChartQuery, Query()]
    ) -> Response:
        params = {"period": years.period, "from": years.first, "to": years.last}
        try:
            content, media = await dashboard_files.chart(me.api("reporting"), unit_id, name, fmt, params)
        except ApiError as error:
            return Response(error.message, status_code=error.status, media_type="text/plain; charset=utf-8")
        finally:
            await me.close()
        return Response(content, media_type=media, headers={"Cache-Control": "private, max-age=300"})

    @router.get("/dashboard/{unit_id}/downloads/{name}", response_class=Response)
    async def download(
        request: Request,
        unit_id: str,
        name: str,
        me: Me,
        years: Annotated[DownloadQuery, Query()],
    ) -> Response:
        year = year_of(years.period) or this_year()
        file = dashboard_files.wanted(name, unit_id, year, year_of(years.first), year_of(years.last))
        if file is None:
            await me.close()
            return Response("Không có tệp này.", status_code=404, media_type="text/plain; charset=utf-8")
        base = getattr(me.settings, f"{file.service}_url")
        try:
            streamed = await dashboard_files.stream(base, me.session.access_token, file)
        except ApiError as error:
            try:
                return await shown(request, me, Asked(unit_id, year), error)
            finally:
                await me.close()
        await me.close()
        headers = {"Content-Disposition": streamed.disposition}
        return StreamingResponse(streamed.chunks(), media_type=streamed.media_type, headers=headers)

    return router
