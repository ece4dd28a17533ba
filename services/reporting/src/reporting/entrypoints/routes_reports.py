"""HTTP routes of reporting's documents: summary reports (DOCX) and charts (PNG or SVG)."""

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from emutrack_kit.auth import Principal
from emutrack_kit.docx_layout import DOCX_MEDIA_TYPE
from emutrack_kit.pdf import PDF_MEDIA_TYPE
from reporting.adapters.charts import MEDIA_TYPES
from reporting.adapters.xlsx import XLSX_MEDIA_TYPE
from reporting.entrypoints.callers import Readers
from reporting.usecases import charts, documents, statistics
from reporting.usecases.charts import ChartAsked
from reporting.usecases.context import Context
from reporting.usecases.documents import ReportAsked

Period = Annotated[str, Query(pattern=r"^\d{4}$", examples=["2020"])]
From = Annotated[int, Query(alias="from", ge=2000, le=2100, examples=[2020])]
To = Annotated[int, Query(alias="to", ge=2000, le=2100, examples=[2024])]
ChartFormat = Annotated[Literal["png", "svg"], Path(description="png or svg")]
DOCX_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {DOCX_MEDIA_TYPE: {}}, "description": "The report (Word), to complete and sign"}
}
PDF_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {PDF_MEDIA_TYPE: {}}, "description": "The same report as PDF, to read or print"}
}
STATISTICS_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {XLSX_MEDIA_TYPE: {}}, "description": "Forms 0601-0605, one sheet each"}
}
CHART_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {} for media in MEDIA_TYPES.values()}, "description": "The chart (PNG or SVG)"}
}


def _file(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "-", name)


def _download(content: bytes, name: str, media: str = DOCX_MEDIA_TYPE) -> Response:
    headers = {"Content-Disposition": f"attachment; filename={_file(name)}"}
    return Response(content, media_type=media, headers=headers)


def _chart(content: bytes, fmt: str, name: str) -> Response:
    # inline: an <img> or a browser tab shows it; the name is used when it is saved
    headers = {"Content-Disposition": f"inline; filename={_file(f'{name}.{fmt}')}"}
    return Response(content, media_type=MEDIA_TYPES[fmt], headers=headers)


def add_report_routes(router: APIRouter, ctx: Context, allowed: Readers) -> None:
    """Add the report and chart routes to the reporting app's router."""
    UnitReader = Annotated[Principal, allowed.unit]
    RoundReader = Annotated[Principal, allowed.round]

    @router.get("/units/{unit_id}/reports/annual.docx", response_class=Response, responses=DOCX_RESPONSE)
    async def annual_report(unit_id: str, caller: UnitReader, period: Period) -> Response:
        """The unit's annual summary report of emulation and commendation (Word)."""
        content = await documents.summary_report(ctx, ReportAsked(caller, unit_id, "annual", int(period)))
        return _download(content, f"bao-cao-tong-ket-{unit_id}-{period}.docx")

    @router.get("/units/{unit_id}/reports/five-year.docx", response_class=Response, responses=DOCX_RESPONSE)
    async def five_year_report(unit_id: str, caller: UnitReader, first: From) -> Response:
        """The unit's 05-year summary report, `from` and the four years after it (Word)."""
        content = await documents.summary_report(ctx, ReportAsked(caller, unit_id, "five_year", first))
        return _download(content, f"bao-cao-tong-ket-05-nam-{unit_id}-{first}-{first + 4}.docx")

    @router.get("/units/{unit_id}/reports/annual.pdf", response_class=Response, responses=PDF_RESPONSE)
    async def annual_report_pdf(unit_id: str, caller: UnitReader, period: Period) -> Response:
        """The annual summary report as PDF."""
        asked = ReportAsked(caller, unit_id, "annual", int(period))
        content = await documents.summary_report_pdf(ctx, asked)
        return _download(content, f"bao-cao-tong-ket-{unit_id}-{period}.pdf", PDF_MEDIA_TYPE)

    @router.get("/units/{unit_id}/reports/five-year.pdf", response_class=Response, responses=PDF_RESPONSE)
    async def five_year_report_pdf(unit_id: str, caller: UnitReader, first: From) -> Response:
        """The 05-year summary report as PDF."""
        content = await documents.summary_report_pdf(ctx, ReportAsked(caller, unit_id, "five_year", first))
        name = f"bao-cao-tong-ket-05-nam-{unit_id}-{first}-{first + 4}.pdf"
        return _download(content, name, PDF_MEDIA_TYPE)

    @router.get(
        "/units/{unit_id}/charts/registrations-by-title.{fmt}",
        response_class=Response,
        responses=CHART_RESPONSE,
    )
    async def registrations_chart(
        unit_id: str, fmt: ChartFormat, caller: UnitReader, period: Period
    ) -> Response:
        """Registrations of a year by title, collectives and people."""
        asked = ChartAsked(caller, unit_id, "registrations-by-title", fmt, period=period)
        return _chart(await charts.unit_chart(ctx, asked), fmt, f"dang-ky-theo-danh-hieu-{unit_id}-{period}")

    @router.get(
        "/units/{unit_id}/charts/awards-by-level.{fmt}", response_class=Response, responses=CHART_RESPONSE
    )
    async def awards_chart(
        unit_id: str, fmt: ChartFormat, caller: UnitReader, first: From, last: To
    ) -> Response:
        """Awards by deciding level, year by year from `from` to `to` (at most 10 years)."""
        asked = ChartAsked(caller, unit_id, "awards-by-level", fmt, first=first, last=last)
        return _chart(
            await charts.unit_chart(ctx, asked), fmt, f"khen-thuong-theo-cap-{unit_id}-{first}-{last}"
        )

    @router.get("/rounds/{round_id}/charts/coverage.{fmt}", response_class=Response, responses=CHART_RESPONSE)
    async def coverage_chart(round_id: str, fmt: ChartFormat, caller: RoundReader) -> Response:
        """Who of the receiving unit's children submitted to the round on time, late, or not yet."""
        content = await charts.round_chart(ctx, caller, round_id, "coverage", fmt)
        return _chart(content, fmt, f"tien-do-nop-{round_id}")

    # Any other chart name: a 404 with a stable code rather than the router's bare "Not Found".
    @router.get("/units/{unit_id}/charts/{name}.{fmt}", include_in_schema=False)
    async def unknown_unit_chart(unit_id: str, name: str, fmt: ChartFormat, caller: UnitReader) -> Response:
        return _chart(await charts.unit_chart(ctx, ChartAsked(caller, unit_id, name, fmt)), fmt, name)

    @router.get("/rounds/{round_id}/charts/{name}.{fmt}", include_in_schema=False)
    async def unknown_round_chart(
        round_id: str, name: str, fmt: ChartFormat, caller: RoundReader
    ) -> Response:
        return _chart(await charts.round_chart(ctx, caller, round_id, name, fmt), fmt, name)


def add_statistics_route(router: APIRouter, ctx: Context, allowed: Readers) -> None:
    """Add the route of the Ministry's statistics forms (docs/decisions/0029)."""
    UnitReader = Annotated[Principal, allowed.unit]

    @router.get("/units/{unit_id}/statistics.xlsx", response_class=Response, responses=STATISTICS_RESPONSE)
    async def statistics_forms(unit_id: str, caller: UnitReader, first: From, last: To) -> Response:
        """The Ministry's forms 0601-0605 of the unit's subtree, `from` to `to` (at most 10 years)."""
        asked = statistics.StatisticsAsked(caller, unit_id, first, last)
        content = await statistics.statistics_workbook(ctx, asked)
        return _download(content, f"thong-ke-tdkt-{unit_id}-{first}-{last}.xlsx", XLSX_MEDIA_TYPE)

    @router.get("/units/{unit_id}/statistics.pdf", response_class=Response, responses=PDF_RESPONSE)
    async def statistics_forms_pdf(unit_id: str, caller: UnitReader, first: From, last: To) -> Response:
        """The same forms as PDF, a page per form."""
        asked = statistics.StatisticsAsked(caller, unit_id, first, last)
        content = await statistics.statistics_pdf(ctx, asked)
        return _download(content, f"thong-ke-tdkt-{unit_id}-{first}-{last}.pdf", PDF_MEDIA_TYPE)
