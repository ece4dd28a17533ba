"""Series: running totals end at the period's numbers; "as of" counts only the months up to it."""

from __future__ import annotations

from reporting.domain.numbers import Numbers
from reporting.domain.series import as_of, running_totals

MONTHS = {
    month: Numbers.of(counted)
    for month, counted in {
        "2020-03": {"registrations_total": 1, "registrations_by_title": {"ttldtt": 1}},
        "2020-01": {"registrations_total": 2, "registrations_by_title": {"ttldtt": 1, "ctdtp": 1}},
        "2020-05": {"registrations_total": -1, "registrations_by_title": {"ctdtp": -1}, "awards_total": 4},
    }.items()
}


def test_running_totals_are_in_month_order_and_end_at_the_sum() -> None:
    rows = running_totals(MONTHS)
    assert [r.month for r in rows] == ["2020-01", "2020-03", "2020-05"]
    assert [r.total.total("registrations_total") for r in rows] == [2, 3, 2]
    assert rows[-1].total.by("registrations_by_title") == {"ttldtt": 2}  # the withdrawn title drops out
    assert rows[-1].change.total("awards_total") == 4
    assert rows[0].change.by("dossiers_by_award") == {}


def test_as_of_a_month_counts_that_month_and_the_ones_before() -> None:
    assert as_of(MONTHS, "2019-12").total("registrations_total") == 0
    assert as_of(MONTHS, "2020-03").total("registrations_total") == 3
    assert as_of(MONTHS, "2020-04").by("registrations_by_title") == {"ttldtt": 2, "ctdtp": 1}
    assert as_of(MONTHS, "2020-05") == running_totals(MONTHS)[-1].total


def test_adding_numbers_merges_breakdowns_key_by_key() -> None:
    summed = Numbers.of({"awards_total": 1, "awards_by_level": {"district": 1}}) + Numbers.of(
        {"awards_by_level": {"city": 2}}
    )
    assert summed.total("awards_total") == 1
    assert summed.by("awards_by_level") == {"district": 1, "city": 2}
