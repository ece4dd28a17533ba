"""A unit's numbers as the counts, the drill-down and the documents show them (docs/decisions/0015, 0017)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound
from reporting.domain.numbers import Counter, UnitNumbers
from reporting.domain.periods import period_day
from reporting.domain.series import as_of
from reporting.domain.units import UnitOnDay, children_on
from reporting.usecases.access import visible_unit
from reporting.usecases.context import Context


@dataclass(frozen=True)
class NumbersAsked:
    """A caller asks for a unit's numbers of a period (as they stood at the end of a month, if `as_of`)."""

    caller: Principal
    unit_id: str
    period: str
    as_of: str | None = None


async def unit_and_counter(
    ctx: Context, q: NumbersAsked, *, need_data: bool = True
) -> tuple[UnitOnDay, Counter]:
    """The unit on the period's day, if the caller may read it, and its counter (empty if nothing counted).

    A period nothing was counted in anywhere in the tree is unknown (`need_data`): 404 UNKNOWN_PERIOD.
    """
    unit = await visible_unit(ctx, q.caller, q.unit_id, period_day(q.period, ctx.today()))
    counter = await ctx.work.counters.get(q.unit_id, q.period)
    if need_data and counter is None and await ctx.work.counters.get(unit.path[0], q.period) is None:
        raise NotFound("UNKNOWN_PERIOD", f"Chưa có số liệu nào của năm {q.period}.", field="period")
    return unit, counter or Counter()


def shown_numbers(unit: UnitOnDay, counter: Counter, q: NumbersAsked) -> UnitNumbers:
    """A unit's numbers as shown: the period's, or as they stood at the end of the month asked."""
    if q.as_of is None:
        return UnitNumbers(unit.unit_id, unit.name, q.period, counter.numbers, counter.version)
    numbers = as_of(counter.months, q.as_of)
    return UnitNumbers(unit.unit_id, unit.name, q.period, numbers, counter.version, q.as_of)


async def unit_counts(ctx: Context, q: NumbersAsked) -> UnitNumbers:
    """A unit's numbers for a period, if the caller's bindings reach it and the period has data."""
    unit, counter = await unit_and_counter(ctx, q)
    return shown_numbers(unit, counter, q)


async def counters_of(ctx: Context, units: list[UnitOnDay], period: str) -> list[tuple[UnitOnDay, Counter]]:
    """Each unit with its counter of a period (empty if nothing counted; no checks)."""
    return [(u, await ctx.work.counters.get(u.unit_id, period) or Counter()) for u in units]


async def children_counts(ctx: Context, q: NumbersAsked) -> list[UnitNumbers]:
    """The numbers of a unit's direct children on the period's day (drill-down), if the caller may see it."""
    await unit_and_counter(ctx, q)  # the same checks: known, visible, a period with data
    children = children_on(await ctx.work.tree.tree(), q.unit_id, period_day(q.period, ctx.today()))
    return [shown_numbers(child, counter, q) for child, counter in await counters_of(ctx, children, q.period)]


async def numbers_of_years(
    ctx: Context, q: NumbersAsked, years: Sequence[int], field: str
) -> dict[int, UnitNumbers | None]:
    """A unit's numbers per year (None for a year nothing was counted in), 404 when no year has any."""
    yearly = {y: await _numbers_or_none(ctx, replace(q, period=str(y))) for y in years}
    if all(n is None for n in yearly.values()):
        span = f"năm {years[0]}" if len(years) == 1 else f"các năm {years[0]}–{years[-1]}"
        raise NotFound("UNKNOWN_PERIOD", f"Chưa có số liệu nào của {span}.", field=field)
    return yearly


async def _numbers_or_none(ctx: Context, q: NumbersAsked) -> UnitNumbers | None:
    """The unit's numbers of a year (checked as the counts), None for a year nothing was counted in."""
    try:
        return await unit_counts(ctx, q)
    except NotFound as exc:
        if exc.code != "UNKNOWN_PERIOD":
            raise
        return None
