"""How each event changes the counts."""

from __future__ import annotations

from reporting.domain.rollup import (
    individual_list_delta,
    registration_changed_delta,
    registration_submitted_delta,
)


def test_a_submitted_registration_counts_once_under_its_title() -> None:
    assert registration_submitted_delta("co_thi_dua_thanh_pho") == {
        "registrations_total": 1,
        "registrations_by_title.co_thi_dua_thanh_pho": 1,
    }


def test_a_withdrawal_uncounts_and_an_amendment_moves_between_titles() -> None:
    withdrawn = registration_changed_delta(
        from_status="approved", to_status="withdrawn", title_code="a", previous_title_code=None
    )
    assert withdrawn == {"registrations_total": -1, "registrations_by_title.a": -1}
    amended = registration_changed_delta(
        from_status="approved", to_status="submitted", title_code="b", previous_title_code="a"
    )
    assert amended == {"registrations_by_title.a": -1, "registrations_by_title.b": 1}
    approved = registration_changed_delta(
        from_status="submitted", to_status="approved", title_code="a", previous_title_code=None
    )
    assert approved == {}


def test_a_resubmitted_list_counts_only_its_difference() -> None:
    assert individual_list_delta({}, {"ldtt": 3, "cstd": 1}) == {
        "individuals_total": 4,
        "individuals_by_title.ldtt": 3,
        "individuals_by_title.cstd": 1,
    }
    assert individual_list_delta({"ldtt": 3, "cstd": 1}, {"ldtt": 2, "cstdtp": 1}) == {
        "individuals_total": -1,
        "individuals_by_title.ldtt": -1,
        "individuals_by_title.cstd": -1,
        "individuals_by_title.cstdtp": 1,
    }
    assert individual_list_delta({"ldtt": 2}, {"ldtt": 2}) == {}
