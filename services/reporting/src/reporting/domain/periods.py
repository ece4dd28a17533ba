"""Which day's tree a period's views use: the tree as it stood in that period."""

from __future__ import annotations

from datetime import date


def period_day(period: str, today: date) -> date:
    """The last day of a year's period, or today while the year is still running."""
    return min(date(int(period), 12, 31), today)


def month_day(month: str, today: date) -> date:
    """The last day of a Hà Nội month (YYYY-MM), or today while the month is still running."""
    year, number = (int(part) for part in month.split("-"))
    first_of_next = date(year + number // 12, number % 12 + 1, 1)
    return min(date.fromordinal(first_of_next.toordinal() - 1), today)
