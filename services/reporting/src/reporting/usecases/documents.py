"""The annual and 05-year summary reports of emulation and commendation, as Word documents."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from emutrack_kit.auth import Principal
from reporting.adapters import docx_report
from reporting.domain.periods import period_day
from reporting.domain.report import ReportKind, SummaryReport, assemble, years_of
from reporting.domain.units import unit_on
from reporting.usecases.access import visible_unit
from reporting.usecases.context import Context
from reporting.usecases.views import NumbersAsked, children_counts, numbers_of_years


@dataclass(frozen=True)
class ReportAsked:
    """A caller asks for a unit's summary report: one year, or five from `first_year`."""

    caller: Principal
    unit_id: str
    kind: ReportKind
    first_year: int
    issued_on: date | None = None


async def summary(ctx: Context, q: ReportAsked) -> SummaryReport:
    """The report's content: the unit's numbers per year, its parent, its children's last year."""
    years = years_of(q.kind, q.first_year)
    asked = NumbersAsked(q.caller, q.unit_id, str(years[-1]))
    yearly = await numbers_of_years(ctx, asked, years, "period" if q.kind == "annual" else "from")
    day = period_day(str(years[-1]), ctx.today())
    unit = await visible_unit(ctx, q.caller, q.unit_id, day)
    parent = unit_on(await ctx.work.tree.tree(), unit.path[-2], day) if len(unit.path) > 1 else None
    children = await children_counts(ctx, asked) if yearly[years[-1]] else []
    issued_on = q.issued_on or ctx.today()
    numbers = {y: n.numbers if n else None for y, n in yearly.items()}
    return assemble(q.kind, unit, parent, numbers, children, issued_on)


async def summary_report(ctx: Context, q: ReportAsked) -> bytes:
    """A unit's summary report (its subtree included) as DOCX."""
    report = await summary(ctx, q)
    return await asyncio.to_thread(docx_report.build, report)


async def summary_report_pdf(ctx: Context, q: ReportAsked) -> bytes:
    """The same report as PDF (LibreOffice lays the DOCX out)."""
    return await ctx.pdf.from_docx(await summary_report(ctx, q))
