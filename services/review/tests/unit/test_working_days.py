"""Unit tests of review.domain.working_days: holidays, make-up Saturdays, the public-comment period."""

from __future__ import annotations

from datetime import date

import pytest

from emutrack_kit.errors import AppError
from review.domain.working_days import (
    HOLIDAYS,
    MAKE_UP_SATURDAYS,
    VN_PUBLIC_HOLIDAYS,
    comment_period_end,
    ensure_comment_period_over,
    is_working_day,
)


def _code(e: pytest.ExceptionInfo[AppError]) -> str:
    return e.value.code


def test_comment_period_over_tet_2024_skips_the_holidays() -> None:
    # published Mon 5/2/2024; Tết Giáp Thìn off Thu 8/2 – Wed 14/2; the day of publication is not counted
    end = comment_period_end(date(2024, 2, 5), 7, HOLIDAYS)
    assert end == date(2024, 2, 21)  # 6, 7, 15, 16, 19, 20, 21 February
    assert comment_period_end(date(2024, 2, 5), 7, frozenset()) == date(2024, 2, 14)


def test_make_up_saturdays_count_when_given() -> None:
    # published Thu 25/4/2024: 26/4, (27/4–1/5 off), 2/5, 3/5, Sat 4/5 (làm bù), 6/5, 7/5, 8/5
    assert comment_period_end(date(2024, 4, 25), 7, HOLIDAYS, MAKE_UP_SATURDAYS) == date(2024, 5, 8)
    assert comment_period_end(date(2024, 4, 25), 7, HOLIDAYS) == date(2024, 5, 9)


def test_working_days() -> None:
    assert is_working_day(date(2024, 2, 15), HOLIDAYS)
    assert not is_working_day(date(2024, 2, 12), HOLIDAYS)  # Tết
    assert not is_working_day(date(2024, 2, 17), HOLIDAYS)  # Saturday
    assert is_working_day(date(2024, 5, 4), HOLIDAYS, MAKE_UP_SATURDAYS)
    with pytest.raises(AppError) as e:
        comment_period_end(date(2024, 2, 5), 0, HOLIDAYS)
    assert _code(e) == "BAD_WORKING_DAYS"


TET = {2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17)}
GIO_TO = {
    2020: (4, 2),
    2021: (4, 21),
    2022: (4, 10),
    2023: (4, 29),
    2024: (4, 18),
    2025: (4, 7),
    2026: (4, 26),
}


@pytest.mark.parametrize("year", range(2020, 2027))
def test_holiday_data_covers_each_year(year: int) -> None:
    days = {d for d, _ in VN_PUBLIC_HOLIDAYS[year]}
    assert {date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2)} <= days
    assert date(year, *TET[year]) in days  # mùng 1 Tết
    assert date(year, *GIO_TO[year]) in days
    assert all(d.year == year and name for d, name in VN_PUBLIC_HOLIDAYS[year])
    assert not days & MAKE_UP_SATURDAYS


def test_quoc_khanh_has_its_adjacent_day_from_2021() -> None:
    for year in range(2021, 2027):
        weekdays_around = {d for d, n in VN_PUBLIC_HOLIDAYS[year] if "Quốc khánh" in n and d.weekday() < 5}
        assert len(weekdays_around) >= 2 or date(year, 9, 2).weekday() >= 5


def test_a_decision_waits_for_the_end_of_the_comment_period() -> None:
    award = "cong_dan_thu_do_uu_tu"
    with pytest.raises(AppError) as e:
        ensure_comment_period_over(award, None, date(2024, 3, 1))
    assert _code(e) == "COMMENT_PERIOD_NOT_STARTED"
    with pytest.raises(AppError) as e:
        ensure_comment_period_over(award, date(2024, 2, 5), date(2024, 2, 21))
    assert (_code(e), e.value.details) == ("COMMENT_PERIOD_OPEN", {"comment_period_end": "2024-02-21"})
    assert "22/02/2024" in e.value.message
    ensure_comment_period_over(award, date(2024, 2, 5), date(2024, 2, 22))
    ensure_comment_period_over("chien_si_thi_dua_thanh_pho", None, date(2024, 2, 6))  # no period for it


def test_no_comment_period_is_counted_without_that_year_holidays() -> None:
    with pytest.raises(AppError) as e:
        ensure_comment_period_over("cong_dan_thu_do_uu_tu", date(2027, 2, 1), date(2027, 3, 1))
    assert (_code(e), e.value.field) == ("NO_HOLIDAY_DATA", "comment_published_on")
    assert "2027" in e.value.message
