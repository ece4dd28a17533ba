"""Month-by-month numbers: the changes of each month, running totals, and the numbers as of a month."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reporting.domain.numbers import Numbers


@dataclass(frozen=True)
class Month:
    """One Hà Nội month of a series: what changed in it and the totals at its end."""

    month: str
    change: Numbers
    total: Numbers


def running_totals(months: Mapping[str, Numbers]) -> list[Month]:
    """Per month (in order): what changed that month and the totals at its end."""
    total = Numbers.zero()
    rows = []
    for month in sorted(months):
        total = total + months[month]
        rows.append(Month(month, months[month], total))
    return rows


def as_of(months: Mapping[str, Numbers], month: str) -> Numbers:
    """The numbers as they stood at the end of `month` (YYYY-MM)."""
    total = Numbers.zero()
    for m in sorted(months):
        if m <= month:
            total = total + months[m]
    return total
