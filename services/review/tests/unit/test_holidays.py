"""Unit tests of review.domain.holidays: the starting table, entered years replacing it, what is refused."""

from __future__ import annotations

from datetime import date

import pytest

from emutrack_kit.errors import AppError
from review.domain.holidays import DEFAULT_SOURCE, DayOff, HolidayYear, calendar, checked_year, default_years
from review.domain.working_days import HOLIDAYS, MAKE_UP_SATURDAYS


def test_the_starting_table_keeps_each_break_and_its_occasion() -> None:
    years = default_years()
    tet = next(b for b in years[2025].days_off if b.occasion.startswith("Tết Nguyên đán"))
    assert (tet.first, tet.last, len(tet.days())) == (date(2025, 1, 25), date(2025, 2, 2), 9)
    assert years[2025].make_up_days == (date(2025, 4, 26),)
    assert years[2025].source == DEFAULT_SOURCE
    assert years[2025].is_default
    assert calendar({}) == (HOLIDAYS, MAKE_UP_SATURDAYS)  # the same days the code counted before


def test_an_entered_year_replaces_that_year_whole() -> None:
    entered = HolidayYear(
        2025, (DayOff(date(2025, 1, 1), date(2025, 1, 1), "Tết Dương lịch"),), (), "TB 1", "x"
    )
    days_off, make_up = calendar({2025: entered})
    assert date(2025, 1, 1) in days_off
    assert date(2025, 1, 27) not in days_off  # 2025's Tết is gone with the starting 2025
    assert date(2024, 2, 8) in days_off  # other years stay
    assert date(2025, 4, 26) not in make_up


@pytest.mark.parametrize(
    ("days_off", "make_up", "source", "code", "field"),
    [
        ([DayOff(date(2026, 1, 1), date(2026, 1, 1), "Tết")], [], "", "SOURCE_REQUIRED", "source"),
        ([], [], "TB 6150/TB-BNV", "NO_DAYS_OFF", "days_off"),
        (
            [DayOff(date(2026, 2, 14), date(2026, 3, 14), "Tết")],
            [],
            "TB 6150/TB-BNV",
            "BAD_DAY_OFF",
            "days_off[0]",
        ),
        (
            [DayOff(date(2026, 1, 1), date(2026, 1, 1), " ")],
            [],
            "TB 6150/TB-BNV",
            "OCCASION_REQUIRED",
            "days_off[0]",
        ),
        (
            [DayOff(date(2026, 1, 1), date(2026, 1, 1), "Tết")],
            [date(2026, 1, 6)],
            "TB 6150/TB-BNV",
            "BAD_MAKE_UP_DAY",
            "make_up_days[0]",
        ),
    ],
)
def test_what_makes_no_sense_is_refused_with_its_field(
    days_off: list[DayOff], make_up: list[date], source: str, code: str, field: str
) -> None:
    with pytest.raises(AppError) as refused:
        checked_year(2026, days_off, make_up, source)
    assert (refused.value.code, refused.value.field) == (code, field)
