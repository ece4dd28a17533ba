"""Month-by-month numbers: the changes of each month, running totals, and the numbers as of a month."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reporting.domain.rollup import BREAKDOWNS, TOTALS, numbers_of


def add_numbers(total: Mapping[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    """Two sets of numbers added field by field (breakdowns key by key; zero keys dropped)."""
    summed: dict[str, Any] = {field: total.get(field, 0) + change.get(field, 0) for field in TOTALS}
    for field in BREAKDOWNS:
        merged = dict(total.get(field, {}))
        for key, n in change.get(field, {}).items():
            merged[key] = merged.get(key, 0) + n
        summed[field] = {key: n for key, n in merged.items() if n != 0}
    return summed


def running_totals(months: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per month (in order): what changed that month and the totals at its end."""
    total = numbers_of({})
    rows = []
    for month in sorted(months):
        change = numbers_of(months[month])
        total = add_numbers(total, change)
        rows.append({"month": month, "change": change, "total": total})
    return rows


def as_of(months: Mapping[str, Mapping[str, Any]], month: str) -> dict[str, Any]:
    """The numbers as they stood at the end of `month` (YYYY-MM)."""
    total = numbers_of({})
    for m in sorted(months):
        if m <= month:
            total = add_numbers(total, numbers_of(months[m]))
    return total
