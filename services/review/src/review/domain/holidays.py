"""A year's days off of public offices, as the city's standing office keeps them, with their source.

The table in `review.domain.working_days` is the starting point (transcribed by hand from press
reports); a year the standing office entered replaces it whole, with the notice it came from
(ADR 0024). Public-comment periods are counted on the merged calendar.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from emutrack_kit.errors import Unprocessable
from emutrack_kit.text import nfc
from review.domain.working_days import HOLIDAY_TABLE, MAKE_UP_SATURDAYS

DEFAULT_SOURCE = (
    "Bảng ban đầu của hệ thống, chép tay từ báo chí (Bộ luật Lao động 2019 Điều 112 và thông báo lịch "
    "nghỉ hằng năm); chưa đối chiếu văn bản chính thức."
)
MAX_BREAK_DAYS = 14  # the longest break (Tết) is 9 days: a longer range is a typing error
MAX_DAYS_OFF = 40


@dataclass(frozen=True)
class DayOff:
    """A break: its first and last day, and the occasion."""

    first: date
    last: date
    occasion: str

    def days(self) -> list[date]:
        """Every day of the break."""
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class HolidayYear:
    """A year's breaks and worked make-up days, where they come from, and who entered them."""

    year: int
    days_off: tuple[DayOff, ...]
    make_up_days: tuple[date, ...]
    source: str
    updated_by: str | None = None
    updated_at: datetime | None = None

    @property
    def is_default(self) -> bool:
        """Still the system's starting table (nobody entered this year)."""
        return self.updated_by is None


def default_years() -> dict[int, HolidayYear]:
    """The starting table, one entry per year."""
    breaks: dict[int, list[DayOff]] = {}
    for line in HOLIDAY_TABLE.strip().splitlines():
        first, last, occasion = line.split(maxsplit=2)
        start = date.fromisoformat(first)
        end = start if last == "-" else date.fromisoformat(last)
        breaks.setdefault(start.year, []).append(DayOff(start, end, occasion))
    return {
        year: HolidayYear(
            year, tuple(days), tuple(sorted(d for d in MAKE_UP_SATURDAYS if d.year == year)), DEFAULT_SOURCE
        )
        for year, days in breaks.items()
    }


def calendar(entered: Mapping[int, HolidayYear]) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, make-up working days) of every year known: entered years over the starting table."""
    years = {**default_years(), **entered}
    days_off = frozenset(d for y in years.values() for b in y.days_off for d in b.days())
    make_up = frozenset(d for y in years.values() for d in y.make_up_days)
    return days_off, make_up


def checked_year(
    year: int, days_off: Sequence[DayOff], make_up_days: Iterable[date], source: str
) -> tuple[tuple[DayOff, ...], tuple[date, ...], str]:
    """The year's breaks and make-up days as entered, once each is a day of that year that makes sense."""
    source = nfc(source).strip()
    if len(source) < 5:
        raise Unprocessable(
            "SOURCE_REQUIRED",
            "Hãy ghi nguồn: số, ngày của thông báo lịch nghỉ (ví dụ Thông báo 6150/TB-BNV ngày 20/11/2025).",
            field="source",
        )
    if not days_off or len(days_off) > MAX_DAYS_OFF:
        raise Unprocessable(
            "NO_DAYS_OFF", f"Cần từ 1 đến {MAX_DAYS_OFF} kỳ nghỉ trong năm {year}.", field="days_off"
        )
    breaks = tuple(_checked_break(year, i, b) for i, b in enumerate(sorted(days_off, key=lambda b: b.first)))
    off = {d for b in breaks for d in b.days()}
    make_up = tuple(sorted(set(make_up_days)))
    for i, day in enumerate(make_up):
        if day.year != year or day.weekday() < 5 or day in off:
            raise Unprocessable(
                "BAD_MAKE_UP_DAY",
                f"Ngày làm bù {day:%d/%m/%Y} phải là thứ Bảy hoặc Chủ nhật của năm {year}, "
                "không trùng ngày nghỉ.",
                field=f"make_up_days[{i}]",
            )
    return breaks, make_up, source


def _checked_break(year: int, index: int, day_off: DayOff) -> DayOff:
    occasion = nfc(day_off.occasion).strip()
    where = f"days_off[{index}]"
    if day_off.first.year != year:
        raise Unprocessable(
            "DAY_OFF_OUTSIDE_YEAR",
            f"Kỳ nghỉ từ {day_off.first:%d/%m/%Y} không thuộc năm {year}.",
            field=where,
        )
    length = (day_off.last - day_off.first).days + 1
    if not 1 <= length <= MAX_BREAK_DAYS:
        raise Unprocessable(
            "BAD_DAY_OFF",
            f"Kỳ nghỉ {day_off.first:%d/%m/%Y}–{day_off.last:%d/%m/%Y}: ngày cuối phải từ ngày đầu "
            f"đến tối đa {MAX_BREAK_DAYS} ngày sau.",
            field=where,
        )
    if not occasion:
        raise Unprocessable("OCCASION_REQUIRED", "Hãy ghi dịp nghỉ (ví dụ Tết Nguyên đán).", field=where)
    return DayOff(day_off.first, day_off.last, occasion)
