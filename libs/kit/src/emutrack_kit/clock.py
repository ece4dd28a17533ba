"""Injectable clock, so deadlines are tested without sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]
# Hà Nội's time zone: days, months and deadlines are Hà Nội's, whatever the server's zone.
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def system_clock() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def hanoi_month(moment: datetime) -> str:
    """The Hà Nội calendar month of an instant, as YYYY-MM."""
    return moment.astimezone(HANOI).strftime("%Y-%m")
