"""Use case of the targets page: the plans' targets measured for a unit and a year."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from emutrack_kit.auth import Principal
from reporting.coverage_handlers import covered
from reporting.domain import targets as t
from reporting.domain.periods import period_day
from reporting.handlers import Deps, children_on, counters_of, shown_numbers, unit_and_counter


async def unit_targets(deps: Deps, principal: Principal, unit_id: str, period: str) -> dict[str, Any]:
    """Each target of the plans (docs/domain.md §6) for the unit and year, units falling short named."""
    unit, counter = await unit_and_counter(deps, principal, unit_id, period)
    numbers = shown_numbers(unit, period, counter)
    tree = await deps.units.tree()
    children = children_on(tree, unit_id, period_day(period, deps.today()))
    names = {c["_id"]: c["name"] for c in children}
    found: list[t.Target] = []
    rounds = await deps.rounds.received_by(unit_id, int(period), "registration")
    for round_ in rounds:
        result, round_names = await covered(deps, tree, round_)
        names |= round_names
        found.append(t.registration_coverage(round_["name"], result))
    if children and not rounds:
        found.append(t.no_registration_round())
    child_numbers = [shown_numbers(c, period, n) for c, n in await counters_of(deps, children, period)]
    kinds = {c["_id"]: c["kind"] for c in children}
    exemplars = t.exemplars_proposed(
        unit["kind"],
        numbers["exemplars_total"],
        [(c["unit_id"], kinds[c["unit_id"]], c["exemplars_total"]) for c in child_numbers],
    )
    found += [exemplars] if exemplars else []
    found.append(t.initiative_share(numbers["initiatives_total"]))
    found += t.award_shares(numbers["awards_total"], numbers["awards_by_subject_kind"])
    found += t.processing(numbers["review_at_level"])
    return {
        "unit_id": unit_id,
        "unit_name": unit["name"],
        "period": period,
        "targets": [
            {
                **asdict(target),
                "short_units": [
                    {"unit_id": u, "name": names.get(u, tree.name(u))} for u in target.short_units
                ],
            }
            for target in found
        ],
    }
