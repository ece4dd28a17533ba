"""Use cases of numbers over time: a unit's month-by-month series, and its numbers as of a month."""

from __future__ import annotations

from typing import Any

from emutrack_kit.auth import Principal
from reporting.domain.series import as_of, running_totals
from reporting.handlers import Deps, children_counts, unit_counts


async def _months(deps: Deps, unit_id: str, period: str) -> dict[str, Any]:
    doc = await deps.counters.get(unit_id, period)
    return dict(doc.get("months", {})) if doc else {}


async def unit_series(deps: Deps, principal: Principal, unit_id: str, period: str) -> dict[str, Any]:
    """Per Hà Nội month, what changed and the totals at its end (same checks as the counts)."""
    numbers = await unit_counts(deps, principal, unit_id, period)
    return {
        "unit_id": unit_id,
        "unit_name": numbers["unit_name"],
        "period": period,
        "months": running_totals(await _months(deps, unit_id, period)),
    }


async def counts_as_of(
    deps: Deps, principal: Principal, unit_id: str, period: str, month: str
) -> dict[str, Any]:
    """A unit's numbers of a period as they stood at the end of a month."""
    numbers = await unit_counts(deps, principal, unit_id, period)
    return {**numbers, **as_of(await _months(deps, unit_id, period), month), "as_of": month}


async def children_as_of(
    deps: Deps, principal: Principal, unit_id: str, period: str, month: str
) -> list[dict[str, Any]]:
    """The children's numbers of a period as they stood at the end of a month."""
    children = await children_counts(deps, principal, unit_id, period)
    return [
        {**c, **as_of(await _months(deps, c["unit_id"], period), month), "as_of": month} for c in children
    ]
