"""HTTP API of the reporting service."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.responses import Response
from pydantic import BaseModel

from emutrack_kit.auth import Principal
from emutrack_kit.http import principal_dependency, service_app, verifier_for
from reporting import (
    bootstrap,
    coverage_handlers,
    decision_handlers,
    handlers,
    review_handlers,
    series_handlers,
    target_handlers,
)
from reporting.adapters import xlsx
from reporting.config import Settings
from reporting.entrypoints.routes_reports import add_report_routes
from reporting.handlers import Deps


class Numbers(BaseModel):
    """The numbers counted for a unit and its subtree."""

    registrations_total: int
    registrations_by_title: dict[str, int]
    individuals_total: int
    individuals_by_title: dict[str, int]
    dossiers_total: int
    dossiers_by_award: dict[str, int]
    awards_total: int
    awards_by_award: dict[str, int]
    awards_by_level: dict[str, int]
    initiatives_total: int
    initiatives_by_level: dict[str, int]
    exemplars_total: int
    exemplars_by_category: dict[str, int]
    awards_by_subject_kind: dict[str, int]
    review_at_level: dict[str, int]


class UnitCounts(Numbers):
    """A unit's numbers for one period, its subtree included (as of the end of a month if asked)."""

    unit_id: str
    unit_name: str
    period: str
    version: int
    as_of: str | None = None


class MonthNumbers(BaseModel):
    """One Hà Nội month of a series: what changed in it and the totals at its end."""

    month: str
    change: Numbers
    total: Numbers


class UnitSeries(BaseModel):
    """A unit's numbers of a period, month by month."""

    unit_id: str
    unit_name: str
    period: str
    months: list[MonthNumbers]


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


class UnitRef(BaseModel):
    """A unit by id and name."""

    unit_id: str
    name: str


class Target(BaseModel):
    """One target of the plans, measured: `met` and `value` are null where the data cannot tell."""

    code: str
    title: str
    goal: str
    value: float | None
    met: bool | None
    detail: str
    short_units: list[UnitRef]


class UnitTargets(BaseModel):
    """The plans' targets for a unit and year."""

    unit_id: str
    unit_name: str
    period: str
    targets: list[Target]


class RankedMember(BaseModel):
    """A member's place in its cluster."""

    unit_id: str
    unit_name: str
    rank: int
    final_score: float


class ClusterRanking(BaseModel):
    """A cluster's latest published ranking."""

    cluster_id: str
    cluster_name: str
    year: int
    level_unit_id: str
    ranking: list[RankedMember]
    published_at: datetime


class RoundCoverage(BaseModel):
    """Who of the receiving unit's children submitted to a round by its deadline, late, or not yet."""

    round_id: str
    round_name: str
    receiving_unit_id: str
    deadline: datetime
    expected: int
    on_time: int
    percent_on_time: float
    late_units: list[UnitRef]
    missing_units: list[UnitRef]


def create_app(settings: Settings | None = None, deps: Deps | None = None) -> FastAPI:
    """The reporting HTTP app."""
    settings = settings or Settings()
    d = deps or bootstrap.deps(settings)
    Caller = Annotated[Principal, Depends(principal_dependency(verifier_for(settings)))]
    app = service_app("emutrack reporting")
    router = APIRouter(tags=["reports"])

    @router.get("/units/{unit_id}/counts")
    async def unit_counts(unit_id: str, caller: Caller, period: Period, as_of: AsOf = None) -> UnitCounts:
        if as_of is not None:
            return UnitCounts(**await series_handlers.counts_as_of(d, caller, unit_id, period, as_of))
        return UnitCounts(**await handlers.unit_counts(d, caller, unit_id, period))

    @router.get("/units/{unit_id}/children/counts")
    async def children_counts(
        unit_id: str, caller: Caller, period: Period, as_of: AsOf = None
    ) -> list[UnitCounts]:
        if as_of is not None:
            children = await series_handlers.children_as_of(d, caller, unit_id, period, as_of)
        else:
            children = await handlers.children_counts(d, caller, unit_id, period)
        return [UnitCounts(**c) for c in children]

    @router.get("/units/{unit_id}/targets")
    async def unit_targets(unit_id: str, caller: Caller, period: Period) -> UnitTargets:
        return UnitTargets(**await target_handlers.unit_targets(d, caller, unit_id, period))

    @router.get("/units/{unit_id}/rankings")
    async def cluster_rankings(unit_id: str, caller: Caller, period: Period) -> list[ClusterRanking]:
        found = await review_handlers.rankings_within(d, caller, unit_id, int(period))
        return [ClusterRanking(**r) for r in found]

    @router.get("/units/{unit_id}/series")
    async def unit_series(unit_id: str, caller: Caller, period: Period) -> UnitSeries:
        return UnitSeries(**await series_handlers.unit_series(d, caller, unit_id, period))

    @router.get(
        "/units/{unit_id}/awards.xlsx",
        response_class=Response,
        responses={200: {"content": {xlsx.XLSX_MEDIA_TYPE: {}}, "description": "The list of awardees"}},
    )
    async def awards_xlsx(
        unit_id: str, caller: Caller, period: Period, by: AwardsBy = "emulation_year"
    ) -> Response:
        content = await decision_handlers.awardee_list(d, caller, unit_id, period, by == "decision_date")
        disposition = f"attachment; filename=khen-thuong-{unit_id}-{period}.xlsx"
        return Response(
            content, media_type=xlsx.XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition}
        )

    @router.get("/rounds/{round_id}/coverage")
    async def round_coverage(round_id: str, caller: Caller) -> RoundCoverage:
        return RoundCoverage(**await coverage_handlers.round_coverage(d, caller, round_id))

    add_report_routes(router, d, settings)
    app.include_router(router)
    return app
