"""The targets page: the plans' targets measured for a unit and a year (docs/domain.md §6)."""

from __future__ import annotations

from dataclasses import dataclass

from reporting.domain import targets as t
from reporting.domain.numbers import Numbers
from reporting.domain.periods import period_day
from reporting.domain.units import UnitOnDay, UnitRef, children_on
from reporting.usecases.context import Context
from reporting.usecases.coverage import covered
from reporting.usecases.views import NumbersAsked, counters_of, unit_and_counter


@dataclass(frozen=True)
class UnitTargets:
    """The plans' targets for a unit and year."""

    unit_id: str
    unit_name: str
    period: str
    targets: list[t.Target[UnitRef]]


async def unit_targets(ctx: Context, q: NumbersAsked) -> UnitTargets:
    """Each target of the plans for the unit and year, the units falling short named."""
    unit, counter = await unit_and_counter(ctx, q)
    tree = await ctx.work.tree.tree()
    children = children_on(tree, q.unit_id, period_day(q.period, ctx.today()))
    names = {c.unit_id: c.name for c in children}
    found: list[t.Measured] = []
    rounds = await ctx.work.rounds.received_by(q.unit_id, int(q.period), "registration")
    for round_ in rounds:
        result, round_names = await covered(ctx, tree, round_)
        names |= round_names
        found.append(t.registration_coverage(round_.name, result))
    if children and not rounds:
        found.append(t.no_registration_round())
    found += await _counted(ctx, unit, counter.numbers, children, q.period)
    shown = [
        t.Target(
            x.code,
            x.title,
            x.goal,
            x.value,
            x.met,
            x.detail,
            [UnitRef(u, names.get(u, tree.name(u))) for u in x.short_units],
        )
        for x in found
    ]
    return UnitTargets(q.unit_id, unit.name, q.period, shown)


async def _counted(
    ctx: Context, unit: UnitOnDay, numbers: Numbers, children: list[UnitOnDay], period: str
) -> list[t.Measured]:
    """The targets measured on the counters: exemplars, initiatives, awards' shares, processing."""
    child_exemplars = [
        (child.unit_id, child.kind, counter.numbers.total("exemplars_total"))
        for child, counter in await counters_of(ctx, children, period)
    ]
    exemplars = t.exemplars_proposed(unit.kind, numbers.total("exemplars_total"), child_exemplars)
    return [
        *([exemplars] if exemplars else []),
        t.initiative_share(numbers.total("initiatives_total")),
        *t.award_shares(numbers.total("awards_total"), numbers.by("awards_by_subject_kind")),
        *t.processing(numbers.by("review_at_level")),
    ]
