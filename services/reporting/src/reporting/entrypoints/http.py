"""HTTP API of the reporting service."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.responses import Response
from pydantic import BaseModel

from emutrack_kit.auth import Principal
from emutrack_kit.http import principal_dependency, service_app, verifier_for
from reporting import bootstrap, coverage_handlers, decision_handlers, handlers
from reporting.adapters import xlsx
from reporting.config import Settings
from reporting.handlers import Deps


class UnitCounts(BaseModel):
    """A unit's numbers for one period, its subtree included."""

    unit_id: str
    unit_name: str
    period: str
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
    version: int


class UnitRef(BaseModel):
    """A unit by id and name."""

    unit_id: str
    name: str


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
    async def unit_counts(
        unit_id: str, caller: Caller, period: Annotated[str, Query(pattern=r"^\d{4}$")]
    ) -> UnitCounts:
        return UnitCounts(**await handlers.unit_counts(d, caller, unit_id, period))

    @router.get("/units/{unit_id}/children/counts")
    async def children_counts(
        unit_id: str, caller: Caller, period: Annotated[str, Query(pattern=r"^\d{4}$")]
    ) -> list[UnitCounts]:
        return [UnitCounts(**c) for c in await handlers.children_counts(d, caller, unit_id, period)]

    @router.get(
        "/units/{unit_id}/awards.xlsx",
        response_class=Response,
        responses={200: {"content": {xlsx.XLSX_MEDIA_TYPE: {}}, "description": "The list of awardees"}},
    )
    async def awards_xlsx(
        unit_id: str, caller: Caller, period: Annotated[str, Query(pattern=r"^\d{4}$")]
    ) -> Response:
        content = await decision_handlers.awardee_list(d, caller, unit_id, period)
        disposition = f"attachment; filename=khen-thuong-{unit_id}-{period}.xlsx"
        return Response(
            content, media_type=xlsx.XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition}
        )

    @router.get("/rounds/{round_id}/coverage")
    async def round_coverage(round_id: str, caller: Caller) -> RoundCoverage:
        return RoundCoverage(**await coverage_handlers.round_coverage(d, caller, round_id))

    app.include_router(router)
    return app
