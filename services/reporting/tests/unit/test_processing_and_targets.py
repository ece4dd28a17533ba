"""Processing numbers count each nomination once; targets say met, not met, or cannot tell."""

from __future__ import annotations

from datetime import UTC, datetime

from reporting.domain import targets as t
from reporting.domain.coverage import coverage
from reporting.domain.processing import Progress, processing_figures, review_delta

DAY = datetime(2020, 11, 2, 3, tzinfo=UTC)


def test_a_nomination_counts_once_as_received_returned_and_finished_with_its_days() -> None:
    progress, totals = Progress(), {}
    steps = [
        ("received", 0),
        ("returned", 3),
        ("received", 5),
        ("returned", 6),
        ("appraised", 8),
        ("decided", 20),
    ]
    for status, day in steps:
        delta, progress = review_delta(progress, status, DAY.replace(day=2 + day))
        for field, n in delta.items():
            totals[field] = totals.get(field, 0) + n
    assert totals == {
        "review_at_level.received": 1,
        "review_at_level.returned": 1,
        "review_at_level.finished": 1,
        "review_at_level.timed": 1,
        "review_at_level.days": 20,
    }
    assert review_delta(progress, "forwarded", DAY)[0] == {}  # finished already


def test_a_nomination_finished_before_its_receipt_was_heard_of_is_not_timed() -> None:
    delta, progress = review_delta(Progress(), "forwarded", DAY)
    assert delta == {"review_at_level.finished": 1}
    assert progress.finished


def test_processing_figures_give_rates_or_nothing_when_nothing_was_received() -> None:
    figures = processing_figures({"received": 8, "returned": 2, "finished": 5, "timed": 4, "days": 30})
    assert (figures.return_rate_percent, figures.mean_processing_days) == (25.0, 7.5)
    assert processing_figures({}).return_rate_percent is None


def test_coverage_target_names_late_and_missing_units() -> None:
    deadline = datetime(2020, 2, 15, tzinfo=UTC)
    firsts = {"a": deadline.replace(day=1), "b": deadline.replace(day=20)}
    deadlines = [(deadline.replace(day=1), deadline)]
    target = t.registration_coverage("Đăng ký 2020", coverage(["a", "b", "c"], firsts, deadlines))
    assert (target.value, target.met, target.short_units) == (33.3, False, ["b", "c"])
    complete = t.registration_coverage("Đăng ký 2020", coverage(["a"], firsts, deadlines))
    assert complete.met is True


def test_exemplar_goals_are_two_per_ward_and_ten_per_district() -> None:
    ward = t.exemplars_proposed("ward", 1, [])
    assert ward is not None
    assert (ward.goal, ward.met) == ("≥ 2", False)
    district = t.exemplars_proposed(
        "district", 10, [("p-a", "ward", 2), ("p-b", "ward", 1), ("th-c", "school", 0)]
    )
    assert district is not None
    assert (district.met, district.short_units) == (True, ["p-b", "th-c"])
    city = t.exemplars_proposed("city", 30, [("q-a", "district", 12), ("q-b", "district", 9)])
    assert city is not None
    assert (city.met, city.short_units) == (None, ["q-b"])


def test_what_the_data_cannot_measure_is_said_not_guessed() -> None:
    assert t.initiative_share(12).met is None
    shares = {s.code: s for s in t.award_shares(4, {"collective": 1, "individual": 3})}
    assert shares["AWARD_SHARE_COLLECTIVES"].value == 25.0
    assert shares["AWARD_SHARE_WOMEN"].value is None
    assert "giới tính" in shares["AWARD_SHARE_WOMEN"].detail
