"""Deadline reminders of the 2020 Thanh Xuân registration round (deadline 05/02/2020, Hà Nội time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from notify.domain.reminders import (
    RoundDeadline,
    current_offset,
    late_report_due,
    own_late_reports_due,
    reminders_due,
)

# 23:59:59 on 05/02/2020 in Hà Nội is 16:59:59 UTC the same day.
ROUND = RoundDeadline("dk-2020-q-thanh-xuan", "Đăng ký thi đua năm 2020", "q-thanh-xuan",
                      datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC))  # fmt: skip
WARDS = ["p-ha-dinh", "p-khuong-dinh", "p-kim-giang"]


def test_units_still_to_submit_are_reminded_7_3_1_days_before_and_on_the_day() -> None:
    sent = {}
    for day in range(30):
        today = date(2020, 1, 20) + timedelta(days=day)
        for reminder in reminders_due(ROUND, WARDS, ["p-kim-giang"], today):
            sent.setdefault(reminder.key, today)  # a second run the same day adds nothing
    assert sorted(sent) == sorted(
        f"{ROUND.round_id}|{w}|{o}" for w in ("p-ha-dinh", "p-khuong-dinh") for o in (7, 3, 1, 0)
    )
    assert sent[f"{ROUND.round_id}|p-ha-dinh|7"] == date(2020, 1, 29)
    assert sent[f"{ROUND.round_id}|p-ha-dinh|0"] == date(2020, 2, 5)


def test_after_an_outage_the_latest_reached_reminder_is_sent_and_older_ones_skipped() -> None:
    assert current_offset(ROUND.deadline_day, date(2020, 2, 3)) == 3  # two days left: the 3-day one
    assert current_offset(ROUND.deadline_day, date(2020, 2, 4)) == 1
    assert current_offset(ROUND.deadline_day, date(2020, 1, 28)) is None  # eight days left
    assert current_offset(ROUND.deadline_day, date(2020, 2, 6)) is None  # past the deadline


def test_the_day_after_the_office_hears_who_is_late() -> None:
    assert late_report_due(ROUND, WARDS, ["p-kim-giang"], date(2020, 2, 5)) is None
    report = late_report_due(ROUND, WARDS, ["p-kim-giang"], date(2020, 2, 6))
    assert report is not None
    assert report.receiving_unit_id == "q-thanh-xuan"
    assert report.late_unit_ids == ("p-ha-dinh", "p-khuong-dinh")
    assert late_report_due(ROUND, WARDS, WARDS, date(2020, 2, 6)) is None
    assert reminders_due(ROUND, WARDS, WARDS, date(2020, 2, 5)) == []


def test_the_deadline_day_is_the_hanoi_date() -> None:
    just_after_midnight = RoundDeadline(
        "r", "R", "q", datetime(2020, 2, 4, 17, 30, tzinfo=UTC)
    )  # 00:30 on 5/2
    assert just_after_midnight.deadline_day == date(2020, 2, 5)


def test_a_unit_given_more_time_is_reminded_and_reported_by_its_own_deadline() -> None:
    extended = RoundDeadline(
        ROUND.round_id, ROUND.name, ROUND.receiving_unit_id, ROUND.deadline,
        {"p-khuong-dinh": datetime(2020, 2, 12, 16, 59, 59, tzinfo=UTC)},
    )  # fmt: skip
    on_the_round_day = reminders_due(extended, WARDS, [], date(2020, 2, 5))
    assert [(r.unit_id, r.offset) for r in on_the_round_day] == [
        ("p-ha-dinh", 0),
        ("p-khuong-dinh", 7),  # 7 days before its own deadline
        ("p-kim-giang", 0),
    ]
    assert [(r.unit_id, r.offset) for r in reminders_due(extended, WARDS, [], date(2020, 2, 11))] == [
        ("p-khuong-dinh", 1)
    ]
    report = late_report_due(extended, WARDS, [], date(2020, 2, 6))
    assert report is not None
    assert report.late_unit_ids == ("p-ha-dinh", "p-kim-giang")
    assert own_late_reports_due(extended, WARDS, [], date(2020, 2, 12)) == []
    [own] = own_late_reports_due(extended, WARDS, [], date(2020, 2, 13))
    assert (own.late_unit_ids, own.key) == (("p-khuong-dinh",), "dk-2020-q-thanh-xuan|late|p-khuong-dinh")
    assert own_late_reports_due(extended, WARDS, ["p-khuong-dinh"], date(2020, 2, 13)) == []
