"""Charts of a unit's numbers and of a round's coverage (PNG or SVG: docs/decisions/0016)."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound, Unprocessable
from reporting.adapters import charts
from reporting.usecases.context import Context
from reporting.usecases.coverage import round_coverage
from reporting.usecases.views import NumbersAsked, numbers_of_years, unit_counts

UNIT_CHARTS = ("registrations-by-title", "awards-by-level")
ROUND_CHARTS = ("coverage",)
MAX_CHART_YEARS = 10


@dataclass(frozen=True)
class ChartAsked:
    """A caller asks for a chart of a unit: its name, format, and the period or years it shows."""

    caller: Principal
    unit_id: str
    name: str
    fmt: charts.Format
    period: str | None = None
    first: int | None = None
    last: int | None = None


def _unknown_chart(name: str, known: tuple[str, ...]) -> NotFound:
    return NotFound(
        "UNKNOWN_CHART",
        f"Không có biểu đồ '{name}'. Các biểu đồ có thể xem: {', '.join(known)}.",
        field="name",
    )


async def unit_chart(ctx: Context, q: ChartAsked) -> bytes:
    """A chart of a unit's numbers: registrations by title (a period), awards by level (from..to)."""
    if q.name not in UNIT_CHARTS:
        raise _unknown_chart(q.name, UNIT_CHARTS)
    if q.name == "registrations-by-title":
        return await _registrations_chart(ctx, q)
    return await _awards_chart(ctx, q)


async def _registrations_chart(ctx: Context, q: ChartAsked) -> bytes:
    if q.period is None:
        raise Unprocessable("MISSING_PERIOD", "Cần chọn năm của biểu đồ (period).", field="period")
    shown = await unit_counts(ctx, NumbersAsked(q.caller, q.unit_id, q.period))
    return await asyncio.to_thread(
        charts.registrations_by_title,
        shown.unit_name,
        int(q.period),
        dict(shown.numbers.by("registrations_by_title")),
        dict(shown.numbers.by("individuals_by_title")),
        q.fmt,
    )


async def _awards_chart(ctx: Context, q: ChartAsked) -> bytes:
    first, last = q.first, q.last
    if first is None or last is None:
        missing = "from" if first is None else "to"
        raise Unprocessable("MISSING_YEARS", "Cần chọn từ năm (from) và đến năm (to).", field=missing)
    if not first <= last < first + MAX_CHART_YEARS:
        raise Unprocessable(
            "BAD_YEAR_RANGE",
            f"Năm kết thúc (to) phải từ {first} đến {first + MAX_CHART_YEARS - 1}.",
            field="to",
        )
    asked = NumbersAsked(q.caller, q.unit_id, str(last))
    yearly = await numbers_of_years(ctx, asked, range(first, last + 1), "from")
    by_year = {y: dict(n.numbers.by("awards_by_level")) if n else {} for y, n in yearly.items()}
    without_data = [y for y, n in yearly.items() if n is None]
    name = next(n.unit_name for n in yearly.values() if n)
    return await asyncio.to_thread(charts.awards_by_level, name, by_year, q.fmt, 150, without_data)


async def round_chart(ctx: Context, caller: Principal, round_id: str, name: str, fmt: charts.Format) -> bytes:
    """A chart of a round: its coverage (children on time, late, missing), seen as the coverage is."""
    if name not in ROUND_CHARTS:
        raise _unknown_chart(name, ROUND_CHARTS)
    shown = await round_coverage(ctx, caller, round_id)
    return await asyncio.to_thread(charts.coverage, dataclasses.asdict(shown), fmt)
