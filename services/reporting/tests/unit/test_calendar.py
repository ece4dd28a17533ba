"""Unit tests of reporting.domain.calendar: a task's state on a day."""

from __future__ import annotations

from datetime import date

from reporting.domain.calendar import FollowedCalendar, PlannedTask, progress, state_of, tally

TASK = PlannedTask(1, 1, "Hội nghị tổng kết", date(2020, 1, 15), "ngày 15/01/2020", ("Phòng Nội vụ",))


def test_a_task_is_done_on_time_late_overdue_or_upcoming() -> None:
    assert state_of(TASK, date(2020, 1, 15), date(2020, 3, 1)) == "done"
    assert state_of(TASK, date(2020, 1, 16), date(2020, 3, 1)) == "done_late"
    assert state_of(TASK, None, date(2020, 1, 16)) == "overdue"
    assert state_of(TASK, None, date(2020, 1, 15)) == "upcoming"  # due today: not late yet


def test_a_calendar_reads_in_task_order_with_its_tally() -> None:
    second = PlannedTask(2, 2, "Sơ kết", date(2020, 6, 30), "tháng 6/2020", ())
    calendar = FollowedCalendar(
        "kh", "q", ("ha-noi", "q"), 2020, "54/KH", "Kế hoạch", (second, TASK), {1: date(2020, 1, 10)}
    )
    read = progress(calendar, date(2020, 7, 1))
    assert [(t.task.number, t.state) for t in read] == [(1, "done"), (2, "overdue")]
    assert tally(read) == {"done": 1, "done_late": 0, "overdue": 1, "upcoming": 0}
