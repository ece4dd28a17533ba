"""Unit tests of review.domain.sessions: council sessions, item ballots and results."""

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
    AppraisalSummary,
    CouncilSession,
    Nomination,
    add_item,
    close_session,
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
