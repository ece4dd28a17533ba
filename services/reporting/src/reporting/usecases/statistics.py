"""The Ministry's statistics forms 0601-0605 of a unit's subtree over whole emulation years, as XLSX."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import reduce

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Unprocessable
from reporting.adapters import statistics_xlsx
from reporting.domain.numbers import Numbers
from reporting.domain.periods import period_day
from reporting.domain.statistics import forms
from reporting.usecases.access import may_read_unit, visible_unit
from reporting.usecases.context import Context
from reporting.usecases.views import NumbersAsked, numbers_of_years

MAX_YEARS = 10


@dataclass(frozen=True)
class StatisticsAsked:
    """A caller asks for a unit's forms from `first` to `last` (emulation years, both included)."""

    caller: Principal
    unit_id: str
    first: int
    last: int


async def statistics_workbook(ctx: Context, q: StatisticsAsked) -> bytes:
    """The five forms, one sheet each, of the unit's subtree summed over the years (403 before 422)."""
    await may_read_unit(ctx, q.caller, q.unit_id)
    if not q.first <= q.last < q.first + MAX_YEARS:
        raise Unprocessable(
            "BAD_YEAR_RANGE",
            f"Năm kết thúc (to) phải từ {q.first} đến {q.first + MAX_YEARS - 1}.",
            field="to",
        )
    years = range(q.first, q.last + 1)
    yearly = await numbers_of_years(ctx, NumbersAsked(q.caller, q.unit_id, str(q.last)), years, "from")
    summed = reduce(lambda a, b: a + b, (n.numbers for n in yearly.values() if n is not None), Numbers.zero())
    unit = await visible_unit(ctx, q.caller, q.unit_id, period_day(str(q.last), ctx.today()))
    header = statistics_xlsx.Header(unit.name, q.first, q.last, ctx.today())
    return await asyncio.to_thread(statistics_xlsx.workbook, header, forms(summed))


async def statistics_pdf(ctx: Context, q: StatisticsAsked) -> bytes:
    """The same forms as PDF, a page per form (LibreOffice lays the workbook out)."""
    return await ctx.pdf.from_xlsx(await statistics_workbook(ctx, q))
