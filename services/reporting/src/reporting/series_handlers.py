"""Use cases of numbers over time: a unit's month-by-month series, and its numbers as of a month."""

from __future__ import annotations

from typing import Any

from emutrack_kit.auth import Principal
from emutrack_kit.mongo import Document
from reporting.domain.series import as_of, running_totals
from reporting.handlers import Deps, children_and_counters, shown_numbers, unit_and_counter


async def unit_series(deps: Deps, principal: Principal, unit_id: str, period: str) -> dict[str, Any]:
    """Per Hà Nội month, what changed and the totals at its end (same checks as the counts)."""
    unit, counter = await unit_and_counter(deps, principal, unit_id, period)
    return {
        "unit_id": unit_id,
        "unit_name": unit["name"],
        "period": period,
        "months": running_totals(counter.get("months", {})),
    }


def _as_of(unit: Document, period: str, counter: Document, month: str) -> dict[str, Any]:
    return {**shown_numbers(unit, period, counter), **as_of(counter.get("months", {}), month), "as_of": month}


async def counts_as_of(
    deps: Deps, principal: Principal, unit_id: str, period: str, month: str
) -> dict[str, Any]:
    """A unit's numbers of a period as they stood at the end of a month."""
    unit, counter = await unit_and_counter(deps, principal, unit_id, period)
    return _as_of(unit, period, counter, month)


async def children_as_of(
    deps: Deps, principal: Principal, unit_id: str, period: str, month: str
) -> list[dict[str, Any]]:
    """The children's numbers of a period as they stood at the end of a month."""
    found = await children_and_counters(deps, principal, unit_id, period)
    return [_as_of(child, period, counter, month) for child, counter in found]
