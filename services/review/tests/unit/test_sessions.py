"""Unit tests of review.domain.sessions: council sessions, item ballots and results, public comment."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from emutrack_kit.errors import AppError
from review.domain.ballots import (
    UNIT_LEVEL_DEFAULT,
    Ballot,
    BallotBox,
    Tally,
    ThresholdRule,
    VoterRoll,
    cast_vote,
    close_ballot,
    tally,
)
from review.domain.sessions import (
    HOLIDAYS,
    MAKE_UP_SATURDAYS,
    VN_PUBLIC_HOLIDAYS,
    AppraisalSummary,
    CouncilSession,
    Nomination,
    add_item,
    close_session,
    comment_period_end,
    ensure_comment_period_over,
    is_working_day,
    item_ballot,
    open_session,
    plan_session,
    record_attendance,
    record_result,
)

AT = datetime(2024, 3, 20, 9, 0, tzinfo=UTC)
CITY = "tp-ha-noi"
MEMBERS = [f"tv-{i:02d}" for i in range(1, 16)]
NINETY_ALL = ThresholdRule(Fraction(9, 10), "all_members")


def _nomination(nid: str = "hs-1@tp-ha-noi", award: str = "chien_si_thi_dua_thanh_pho") -> Nomination:
    return Nomination(
        nid, "hs-1", award, "individual", "cn-nguyen-thi-a", "Nguyễn Thị A", "q-thanh-xuan", CITY
    )


def _appraisal(nid: str = "hs-1@tp-ha-noi", verdict: str = "eligible") -> AppraisalSummary:
    return AppraisalSummary(nid, verdict, 2, "ab" * 32, date(2024, 3, 15))  # type: ignore[arg-type]


def _session(present: list[str] = MEMBERS) -> CouncilSession:
    session = plan_session("hd-tp-2024-1", CITY, date(2024, 3, 20), MEMBERS, "tv-01")
    session = add_item(session, _nomination(), _appraisal())
    return open_session(record_attendance(session, present))


def _voted(ballot: Ballot, yes: int) -> Tally:
    roll, box = VoterRoll(ballot.ballot_id), BallotBox(ballot.ballot_id)
    for i, member in enumerate(sorted(ballot.present)):
        entry, paper = cast_vote(ballot, roll, member, ["yes" if i < yes else "no"], mode="in_person", at=AT)
        roll, box = roll.with_entry(entry), box.with_entry(paper)
    return tally(close_ballot(ballot, AT), roll, box, UNIT_LEVEL_DEFAULT)


def _code(e: pytest.ExceptionInfo[AppError]) -> str:
    return e.value.code


# --- session --------------------------------------------------------------------------------------


def test_the_chair_is_a_member() -> None:
    with pytest.raises(AppError) as e:
        plan_session("s", CITY, date(2024, 3, 20), MEMBERS, "someone-else")
    assert (_code(e), e.value.field) == ("CHAIR_NOT_MEMBER", "chair_id")
    with pytest.raises(AppError) as e:
        plan_session("s", CITY, date(2024, 3, 20), [], "tv-01")
    assert _code(e) == "NO_MEMBERS"


@pytest.mark.parametrize("verdict", ["not_eligible", "incomplete"])
def test_only_appraised_eligible_nominations_go_on_the_agenda(verdict: str) -> None:
    session = plan_session("s", CITY, date(2024, 3, 20), MEMBERS, "tv-01")
    with pytest.raises(AppError) as e:
        add_item(session, _nomination(), _appraisal(verdict=verdict))
    assert (_code(e), e.value.field) == ("NOT_APPRAISED", "nomination_id")


def test_the_appraisal_must_be_of_that_nomination() -> None:
    session = plan_session("s", CITY, date(2024, 3, 20), MEMBERS, "tv-01")
    with pytest.raises(AppError) as e:
        add_item(session, _nomination(), _appraisal(nid="hs-9@tp-ha-noi"))
    assert _code(e) == "NOT_APPRAISED"


def test_a_nomination_of_another_level_or_twice_is_refused() -> None:
    session = plan_session("s", "q-thanh-xuan", date(2024, 3, 20), MEMBERS, "tv-01")
    with pytest.raises(AppError) as e:
        add_item(session, _nomination(), _appraisal())
    assert _code(e) == "NOT_FOR_THIS_LEVEL"
    with pytest.raises(AppError) as e:
        add_item(_session(), _nomination(), _appraisal())
    assert _code(e) == "ALREADY_ON_AGENDA"


def test_the_item_takes_the_award_threshold_unless_given() -> None:
    session = _session()
    assert session.agenda[0].rule == NINETY_ALL
    other = add_item(
        session, _nomination("hs-2@tp-ha-noi"), _appraisal("hs-2@tp-ha-noi"), rule=UNIT_LEVEL_DEFAULT
    )
    assert other.agenda[1].rule == UNIT_LEVEL_DEFAULT
    assert other.agenda[1].number == 2


def test_attendance_only_of_members_and_states_in_order() -> None:
    planned = plan_session("s", CITY, date(2024, 3, 20), MEMBERS, "tv-01")
    with pytest.raises(AppError) as e:
        record_attendance(planned, ["tv-01", "guest"])
    assert _code(e) == "NOT_A_MEMBER"
    with pytest.raises(AppError) as e:
        open_session(planned)
    assert _code(e) == "EMPTY_AGENDA"
    with pytest.raises(AppError) as e:
        item_ballot(add_item(planned, _nomination(), _appraisal()), "hs-1@tp-ha-noi")
    assert _code(e) == "SESSION_NOT_OPEN"
    closed = close_session(_session())
    for action in (
        lambda: add_item(closed, _nomination("hs-2@tp-ha-noi"), _appraisal("hs-2@tp-ha-noi")),
        lambda: record_attendance(closed, MEMBERS),
        lambda: item_ballot(closed, "hs-1@tp-ha-noi"),
    ):
        with pytest.raises(AppError) as e:
            action()
        assert _code(e) == "SESSION_CLOSED"


def test_item_results_are_judged_by_the_item_threshold() -> None:
    session = _session()
    ballot = item_ballot(session, "hs-1@tp-ha-noi")
    assert ballot.ballot_id == "hd-tp-2024-1/1"
    assert ballot.members == frozenset(MEMBERS)
    assert "Chiến sĩ thi đua Thành phố" in ballot.question
    failed = record_result(session, "hs-1@tp-ha-noi", _voted(ballot, yes=13))  # tallied with 2/3
    assert not failed.passed  # but the item needs 90% of all members
    assert failed.rule == NINETY_ALL
    passed = record_result(session, "hs-1@tp-ha-noi", _voted(ballot, yes=14))
    assert passed.passed
    assert (passed.level_unit_id, passed.award_code) == (CITY, "chien_si_thi_dua_thanh_pho")


def test_a_result_needs_the_item_own_tally() -> None:
    session = _session()
    other = Ballot("elsewhere/1", "q", frozenset(MEMBERS), frozenset(MEMBERS))
    with pytest.raises(AppError) as e:
        record_result(session, "hs-1@tp-ha-noi", _voted(other, yes=15))
    assert _code(e) == "TALLY_MISMATCH"
    with pytest.raises(AppError) as e:
        record_result(session, "hs-404@tp-ha-noi", _voted(other, yes=15))
    assert _code(e) == "NOT_ON_AGENDA"


def test_absent_members_still_count_in_the_ballot() -> None:
    ballot = item_ballot(_session(present=MEMBERS[:12]), "hs-1@tp-ha-noi")
    assert ballot.present == frozenset(MEMBERS[:12])
    assert cast_vote(ballot, VoterRoll(ballot.ballot_id), "tv-15", ["yes"], mode="written", at=AT)


# --- public comment -------------------------------------------------------------------------------


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
