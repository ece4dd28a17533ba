"""Working days of Vietnamese public offices, and the public-comment period counted in them.

Some awards require a public comment (lấy ý kiến nhân dân) for a number of working days before a
decision. Working days are Mon–Fri minus the public holidays (`VN_PUBLIC_HOLIDAYS`, with nghỉ bù),
plus the worked make-up Saturdays (`MAKE_UP_SATURDAYS`); a year without holiday data is refused
(NO_HOLIDAY_DATA) rather than counted as if it had none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from emutrack_kit.errors import Conflict, Unprocessable
from review.domain.history import label

COMMENT_PERIODS: dict[str, int] = {"cong_dan_thu_do_uu_tu": 7}  # working days; QĐ 35/2024, QĐ 71/2025 UBND TP


# Days off of public offices (cán bộ, công chức, viên chức): first day, last day (or "-"), occasion.
# Weekend days inside a break are listed with it and do no harm.
# SOURCE CAVEAT: statutory days of Bộ luật Lao động 2019 Điều 112 (2020: BLLĐ 2012, Quốc khánh one day),
# nghỉ bù when a holiday falls on a weekend, and each year's arrangement announced by Bộ LĐTBXH (from
# 2025 Bộ Nội vụ), transcribed by hand from press reports, not from the official notices. 2026 past Tết
# is the statutory minimum, the Quốc khánh adjacent day assumed to be 1/9. Check against the year's
# notice; this is data the standing office must be able to correct.
HOLIDAY_TABLE = """
2020-01-01 -          Tết Dương lịch
2020-01-23 2020-01-29 Tết Nguyên đán Canh Tý
2020-04-02 -          Giỗ Tổ Hùng Vương (10/3 âm lịch)
2020-04-30 2020-05-01 Ngày Giải phóng miền Nam 30/4, Quốc tế Lao động 1/5
2020-09-02 -          Quốc khánh 2/9
2021-01-01 -          Tết Dương lịch
2021-02-10 2021-02-16 Tết Nguyên đán Tân Sửu
2021-04-21 -          Giỗ Tổ Hùng Vương (10/3 âm lịch)
2021-04-30 2021-05-03 30/4, 1/5 (1/5 là thứ Bảy, nghỉ bù thứ Hai 3/5)
2021-09-02 2021-09-03 Quốc khánh 2/9 và ngày liền kề
2022-01-01 2022-01-03 Tết Dương lịch (thứ Bảy, nghỉ bù thứ Hai 3/1)
2022-01-29 2022-02-06 Tết Nguyên đán Nhâm Dần
2022-04-10 2022-04-11 Giỗ Tổ Hùng Vương (Chủ nhật, nghỉ bù thứ Hai 11/4)
2022-04-30 2022-05-03 30/4, 1/5 (thứ Bảy, Chủ nhật; nghỉ bù 2/5, 3/5)
2022-09-01 2022-09-02 Quốc khánh 2/9 và ngày liền kề
2023-01-01 2023-01-02 Tết Dương lịch (Chủ nhật, nghỉ bù thứ Hai 2/1)
2023-01-20 2023-01-26 Tết Nguyên đán Quý Mão
2023-04-29 2023-05-03 Giỗ Tổ Hùng Vương 29/4, 30/4, 1/5 (nghỉ bù 2/5, 3/5)
2023-09-01 2023-09-04 Quốc khánh 2/9 và ngày liền kề (nghỉ bù thứ Hai 4/9)
2024-01-01 -          Tết Dương lịch
2024-02-08 2024-02-14 Tết Nguyên đán Giáp Thìn
2024-04-18 -          Giỗ Tổ Hùng Vương (10/3 âm lịch)
2024-04-27 2024-05-01 30/4, 1/5 (29/4 hoán đổi, làm bù thứ Bảy 4/5)
2024-08-31 2024-09-03 Quốc khánh 2/9 và ngày liền kề
2025-01-01 -          Tết Dương lịch
2025-01-25 2025-02-02 Tết Nguyên đán Ất Tỵ
2025-04-07 -          Giỗ Tổ Hùng Vương (10/3 âm lịch)
2025-04-30 2025-05-04 30/4, 1/5 (2/5 hoán đổi, làm bù thứ Bảy 26/4)
2025-08-30 2025-09-02 Quốc khánh 2/9 và ngày liền kề
2026-01-01 -          Tết Dương lịch
2026-02-14 2026-02-22 Tết Nguyên đán Bính Ngọ
2026-04-26 2026-04-27 Giỗ Tổ Hùng Vương (Chủ nhật, nghỉ bù thứ Hai 27/4)
2026-04-30 2026-05-01 30/4, 1/5
2026-09-01 2026-09-02 Quốc khánh 2/9 và ngày liền kề (giả định 1/9)
"""
MAKE_UP_SATURDAYS: frozenset[date] = frozenset({date(2024, 5, 4), date(2025, 4, 26)})  # làm bù: working days


def _holidays_by_year(table: str) -> dict[int, tuple[tuple[date, str], ...]]:
    by_year: dict[int, list[tuple[date, str]]] = {}
    for line in table.strip().splitlines():
        first, last, name = line.split(maxsplit=2)
        start = date.fromisoformat(first)
        end = start if last == "-" else date.fromisoformat(last)
        for i in range((end - start).days + 1):
            by_year.setdefault(start.year, []).append((start + timedelta(days=i), name))
    return {year: tuple(days) for year, days in by_year.items()}


VN_PUBLIC_HOLIDAYS: dict[int, tuple[tuple[date, str], ...]] = _holidays_by_year(HOLIDAY_TABLE)
HOLIDAYS: frozenset[date] = frozenset(d for year in VN_PUBLIC_HOLIDAYS.values() for d, _ in year)


def is_working_day(day: date, holidays: Iterable[date], extra: Iterable[date] = frozenset()) -> bool:
    """Mon–Fri and not a holiday, or one of the `extra` (make-up) working days."""
    return day in frozenset(extra) or (day.weekday() < 5 and day not in frozenset(holidays))


def comment_period_end(
    start: date, working_days: int, holidays: Iterable[date] = HOLIDAYS, extra: Iterable[date] = frozenset()
) -> date:
    """The last day of a period of `working_days` working days published on `start`.

    The day of publication is not counted (Bộ luật Dân sự 2015 Điều 147): counting starts the next
    day. Working days are Mon–Fri minus `holidays`, plus any `extra` make-up working days.
    """
    if working_days < 1:
        raise Unprocessable("BAD_WORKING_DAYS", "Số ngày làm việc phải ≥ 1.", field="working_days")
    holiday_set, extra_set = frozenset(holidays), frozenset(extra)
    day, counted = start, 0
    while counted < working_days:
        day += timedelta(days=1)
        counted += is_working_day(day, holiday_set, extra_set)
    return day


def _ensure_holiday_data(years: Iterable[int], holidays: frozenset[date]) -> None:
    missing = sorted(set(years) - {d.year for d in holidays})
    if missing:
        raise Conflict(
            "NO_HOLIDAY_DATA",
            f"Chưa có lịch nghỉ lễ năm {', '.join(map(str, missing))} để tính ngày làm việc; "
            "cơ quan thường trực cần nhập lịch nghỉ lễ năm đó.",
            field="comment_published_on",
        )


def comment_period(
    award_code: str,
    published_on: date,
    periods: Mapping[str, int] = COMMENT_PERIODS,
    holidays: Iterable[date] = HOLIDAYS,
    extra: Iterable[date] = MAKE_UP_SATURDAYS,
) -> tuple[int, date]:
    """(working days, last day) of the public comment an award requires, published on `published_on`."""
    working_days = periods.get(award_code)
    if working_days is None:
        raise Unprocessable(
            "NO_COMMENT_PERIOD",
            f"'{label(award_code)}' không yêu cầu lấy ý kiến nhân dân.",
            field="award_code",
        )
    holiday_set = frozenset(holidays)
    end = comment_period_end(published_on, working_days, holiday_set, extra)
    _ensure_holiday_data({published_on.year, end.year}, holiday_set)
    return working_days, end


def ensure_comment_period_over(
    award_code: str,
    published_on: date | None,
    day: date,
    periods: Mapping[str, int] = COMMENT_PERIODS,
    holidays: Iterable[date] = HOLIDAYS,
    extra: Iterable[date] = MAKE_UP_SATURDAYS,
) -> None:
    """Refuse a decision on `day` while the award's public-comment period is not over (or never began)."""
    working_days = periods.get(award_code)
    if working_days is None:
        return
    if published_on is None:
        raise Conflict(
            "COMMENT_PERIOD_NOT_STARTED",
            f"'{label(award_code)}' cần công bố danh sách lấy ý kiến nhân dân {working_days} ngày làm việc "
            "trước khi quyết định; danh sách chưa được công bố.",
            field="comment_published_on",
        )
    holiday_set = frozenset(holidays)
    end = comment_period_end(published_on, working_days, holiday_set, extra)
    _ensure_holiday_data({published_on.year, end.year}, holiday_set)
    if day <= end:
        raise Conflict(
            "COMMENT_PERIOD_OPEN",
            f"Thời gian lấy ý kiến nhân dân ({working_days} ngày làm việc từ {published_on:%d/%m/%Y}) "
            f"kết thúc ngày {end:%d/%m/%Y}; chỉ quyết định được từ ngày {end + timedelta(days=1):%d/%m/%Y}.",
            field="signed_on",
            details={"comment_period_end": end.isoformat()},
        )
