"""Use cases of reporting's documents: the annual and 05-year summary reports (DOCX) and charts."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from emutrack_kit.auth import Principal
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import NotFound, Unprocessable
from reporting import coverage_handlers, handlers
from reporting.adapters import charts, docx_report
from reporting.domain.periods import period_day
from reporting.domain.report import ReportKind, SummaryReport, assemble, years_of
from reporting.handlers import Deps

UNIT_CHARTS = ("registrations-by-title", "awards-by-level")
ROUND_CHARTS = ("coverage",)
MAX_CHART_YEARS = 10


def _unknown_chart(name: str, known: tuple[str, ...]) -> NotFound:
    return NotFound(
        "UNKNOWN_CHART",
        f"Không có biểu đồ '{name}'. Các biểu đồ có thể xem: {', '.join(known)}.",
        field="name",
    )


async def _numbers_or_none(
    deps: Deps, principal: Principal, unit_id: str, year: int
) -> dict[str, Any] | None:
    """The unit's numbers of a year (checked as `unit_counts`), None for a year nothing was counted in."""
    try:
        return await handlers.unit_counts(deps, principal, unit_id, str(year))
    except NotFound as exc:
        if exc.code != "UNKNOWN_PERIOD":
            raise
        return None


async def _yearly(
    deps: Deps, principal: Principal, unit_id: str, years: range | tuple[int, ...], field: str
) -> dict[int, dict[str, Any] | None]:
    """Numbers per year, 404 like `unit_counts` when none of the years has any data."""
    yearly = {y: await _numbers_or_none(deps, principal, unit_id, y) for y in years}
    if all(n is None for n in yearly.values()):
        span = f"năm {years[0]}" if len(years) == 1 else f"các năm {years[0]}–{years[-1]}"
        raise NotFound("UNKNOWN_PERIOD", f"Chưa có số liệu nào của {span}.", field=field)
    return yearly


async def summary(
    deps: Deps,
    principal: Principal,
    unit_id: str,
    kind: ReportKind,
    first_year: int,
    issued_on: date | None = None,
) -> SummaryReport:
    """The report's content: the unit's numbers per year, its parent, its children's last year."""
    years = years_of(kind, first_year)
    yearly = await _yearly(deps, principal, unit_id, years, "period" if kind == "annual" else "from")
    tree = await deps.units.tree()
    day = period_day(str(years[-1]), deps.today())
    unit = handlers.unit_on(tree, unit_id, day)
    assert unit is not None
    path = unit["unit_path"]
    parent = handlers.unit_on(tree, path[-2], day) if len(path) > 1 else None
    last = yearly[years[-1]]
    children = await handlers.children_counts(deps, principal, unit_id, str(years[-1])) if last else []
    today = issued_on or datetime.now(HANOI).date()
    return assemble(kind, unit, parent, yearly, children, today)


async def annual_report(
    deps: Deps, principal: Principal, unit_id: str, period: str, issued_on: date | None = None
) -> bytes:
    """The annual summary report of a unit (its subtree included) as DOCX."""
    report = await summary(deps, principal, unit_id, "annual", int(period), issued_on)
    return await asyncio.to_thread(docx_report.build, report)


async def five_year_report(
    deps: Deps, principal: Principal, unit_id: str, first_year: int, issued_on: date | None = None
) -> bytes:
    """The 05-year summary report (first_year..first_year+4) of a unit as DOCX."""
    report = await summary(deps, principal, unit_id, "five_year", first_year, issued_on)
    return await asyncio.to_thread(docx_report.build, report)


async def chart(
    deps: Deps,
    principal: Principal,
    unit_id: str,
    name: str,
    fmt: charts.Format,
    *,
    period: str | None = None,
    first: int | None = None,
    last: int | None = None,
) -> bytes:
    """A chart of a unit's numbers: registrations by title (a period), awards by level (from..to)."""
    if name not in UNIT_CHARTS:
        raise _unknown_chart(name, UNIT_CHARTS)
    if name == "registrations-by-title":
        if period is None:
            raise Unprocessable("MISSING_PERIOD", "Cần chọn năm của biểu đồ (period).", field="period")
        n = await handlers.unit_counts(deps, principal, unit_id, period)
        return await asyncio.to_thread(
            charts.registrations_by_title,
            n["unit_name"],
            int(period),
            n["registrations_by_title"],
            n["individuals_by_title"],
            fmt,
        )
    if first is None or last is None:
        missing = "from" if first is None else "to"
        raise Unprocessable("MISSING_YEARS", "Cần chọn từ năm (from) và đến năm (to).", field=missing)
    if not first <= last < first + MAX_CHART_YEARS:
        raise Unprocessable(
            "BAD_YEAR_RANGE",
            f"Năm kết thúc (to) phải từ {first} đến {first + MAX_CHART_YEARS - 1}.",
            field="to",
        )
    yearly = await _yearly(deps, principal, unit_id, range(first, last + 1), "from")
    by_year = {y: n["awards_by_level"] if n else {} for y, n in yearly.items()}
    without_data = [y for y, n in yearly.items() if n is None]
    name = next(n["unit_name"] for n in yearly.values() if n)
    return await asyncio.to_thread(charts.awards_by_level, name, by_year, fmt, 150, without_data)


async def round_chart(
    deps: Deps, principal: Principal, round_id: str, name: str, fmt: charts.Format
) -> bytes:
    """A chart of a round: its coverage (children on time, late, missing), seen as `round_coverage`."""
    if name not in ROUND_CHARTS:
        raise _unknown_chart(name, ROUND_CHARTS)
    result = await coverage_handlers.round_coverage(deps, principal, round_id)
    return await asyncio.to_thread(charts.coverage, result, fmt)
