"""HTTP API of the reporting service: thin routes that parse, call one use case and shape its view."""

from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import Response

from emutrack_kit.auth import Principal
from emutrack_kit.http import service_app
from reporting import bootstrap
from reporting.adapters import xlsx
from reporting.config import Settings
from reporting.entrypoints.callers import readers
from reporting.entrypoints.routes_reports import add_report_routes, add_statistics_route
from reporting.entrypoints.schemas import MonthNumbers, UnitCalendars, UnitCounts, UnitSeries
from reporting.usecases import awards, calendars, coverage, review, series, targets, views
from reporting.usecases.context import Context
from reporting.usecases.views import NumbersAsked

Period = Annotated[str, Query(pattern=r"^\d{4}$", description="The year, e.g. 2020")]
AwardsBy = Annotated[
    Literal["emulation_year", "decision_date"],
    Query(
        description="emulation_year: the titles of that year (năm thi đua), whenever decided; "
        "decision_date: the decisions signed that year"
    ),
]
AsOf = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
        description="A Hà Nội month (YYYY-MM): the numbers as they stood at its end",
    ),
]


def create_app(settings: Settings | None = None, deps: Context | None = None) -> FastAPI:
    """The reporting HTTP app."""
    settings = settings or Settings()
    ctx = deps or bootstrap.deps(settings)
    allowed = readers(ctx, settings)
    UnitReader = Annotated[Principal, allowed.unit]
    RoundReader = Annotated[Principal, allowed.round]
    app = service_app("emutrack reporting")
    router = APIRouter(tags=["reports"])

    @router.get("/units/{unit_id}/counts")
    async def unit_counts(unit_id: str, caller: UnitReader, period: Period, as_of: AsOf = None) -> UnitCounts:
        shown = await views.unit_counts(ctx, NumbersAsked(caller, unit_id, period, as_of))
        return UnitCounts.shown(shown)

    @router.get("/units/{unit_id}/children/counts")
    async def children_counts(
        unit_id: str, caller: UnitReader, period: Period, as_of: AsOf = None
    ) -> list[UnitCounts]:
        children = await views.children_counts(ctx, NumbersAsked(caller, unit_id, period, as_of))
        return [UnitCounts.shown(c) for c in children]

    @router.get("/units/{unit_id}/targets")
    async def unit_targets(unit_id: str, caller: UnitReader, period: Period) -> targets.UnitTargets:
        return await targets.unit_targets(ctx, NumbersAsked(caller, unit_id, period))

    @router.get("/units/{unit_id}/rankings")
    async def cluster_rankings(
        unit_id: str, caller: UnitReader, period: Period
    ) -> list[review.ClusterRanking]:
        return await review.rankings_within(ctx, NumbersAsked(caller, unit_id, period))

    @router.get("/units/{unit_id}/task-calendar")
    async def task_calendar(unit_id: str, caller: UnitReader, period: Period) -> UnitCalendars:
        """The task calendars of the year issued by the unit or below it, each task done, late or due."""
        unit_name, views = await calendars.calendars_within(ctx, NumbersAsked(caller, unit_id, period))
        return UnitCalendars.shown(unit_id, unit_name, period, views)

    @router.get("/units/{unit_id}/series")
    async def unit_series(unit_id: str, caller: UnitReader, period: Period) -> UnitSeries:
        found = await series.unit_series(ctx, NumbersAsked(caller, unit_id, period))
        months = [MonthNumbers.of(m) for m in found.months]
        return UnitSeries(
            unit_id=found.unit_id, unit_name=found.unit_name, period=found.period, months=months
        )

    @router.get(
        "/units/{unit_id}/awards.xlsx",
        response_class=Response,
        responses={200: {"content": {xlsx.XLSX_MEDIA_TYPE: {}}, "description": "The list of awardees"}},
    )
    async def awards_xlsx(
        unit_id: str, caller: UnitReader, period: Period, by: AwardsBy = "emulation_year"
    ) -> Response:
        asked = awards.AwardeesAsked(caller, unit_id, period, by == "decision_date")
        content = await awards.awardee_list(ctx, asked)
        disposition = f"attachment; filename=khen-thuong-{unit_id}-{period}.xlsx"
        return Response(
            content, media_type=xlsx.XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition}
        )

    @router.get("/rounds/{round_id}/coverage")
    async def round_coverage(round_id: str, caller: RoundReader) -> coverage.RoundCoverage:
        return await coverage.round_coverage(ctx, caller, round_id)

    add_report_routes(router, ctx, allowed)
    add_statistics_route(router, ctx, allowed)
    app.include_router(router)
    return app
