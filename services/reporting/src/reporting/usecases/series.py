"""A unit's numbers month by month: what changed in each Hà Nội month and the totals at its end."""

from __future__ import annotations

from dataclasses import dataclass

from reporting.domain.series import Month, running_totals
from reporting.usecases.context import Context
from reporting.usecases.views import NumbersAsked, unit_and_counter


@dataclass(frozen=True)
class Series:
    """A unit's numbers of a period, month by month."""

    unit_id: str
    unit_name: str
    period: str
    months: list[Month]


async def unit_series(ctx: Context, q: NumbersAsked) -> Series:
    """Per Hà Nội month, what changed and the totals at its end (the same checks as the counts)."""
    unit, counter = await unit_and_counter(ctx, q)
    return Series(q.unit_id, unit.name, q.period, running_totals(counter.months))
