"""Unit tests of review.domain.ballots: secret ballots, thresholds, quorum."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from emutrack_kit.errors import AppError
from emutrack_kit.http import status_of
from review.domain.ballots import (
    DEFAULT_THRESHOLDS,
    UNIT_LEVEL_DEFAULT,
    Ballot,
    BallotBox,
    BoxEntry,
    RollEntry,
    ThresholdRule,
    VoteMode,
    VoterRoll,
    cast_vote,
    close_ballot,
    open_ballot,
    parse_threshold,
    tally,
    threshold_for,
)

T0 = datetime(2024, 3, 20, 8, 0, tzinfo=UTC)
CITY_COUNCIL = [f"tv-{i:02d}" for i in range(1, 16)]  # 15 members of the city council
NINETY_ALL = ThresholdRule(Fraction(9, 10), "all_members")

Vote = tuple[str, Sequence[str], VoteMode]


def _vote(ballot: Ballot, roll: VoterRoll, box: BallotBox, vote: Vote) -> tuple[VoterRoll, BallotBox]:
    member, marks, mode = vote
    entry, paper = cast_vote(
        ballot, roll, member, marks, mode=mode, at=T0 + timedelta(minutes=len(roll.entries))
    )
    return roll.with_entry(entry), box.with_entry(paper)


def _run(
    votes: Iterable[Vote],
    present: Iterable[str] | None = None,
    quorum: Fraction = Fraction(2, 3),
) -> tuple[Ballot, VoterRoll, BallotBox]:
    attending = CITY_COUNCIL if present is None else present
    ballot = open_ballot("s1/1", "CSTĐ Thành phố", CITY_COUNCIL, attending, quorum=quorum)
    roll, box = VoterRoll(ballot.ballot_id), BallotBox(ballot.ballot_id)
    for vote in votes:
        roll, box = _vote(ballot, roll, box, vote)
    return close_ballot(ballot, T0 + timedelta(hours=1)), roll, box


def _yes_no(yes: int, no: int, abstain: int = 0) -> list[Vote]:
    marks = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    return [(m, [mark], "in_person") for m, mark in zip(CITY_COUNCIL, marks, strict=False)]


def _code(excinfo: pytest.ExceptionInfo[AppError]) -> str:
    return excinfo.value.code


# --- thresholds -------------------------------------------------------------------------------------


def test_13_of_15_is_86_7_percent_and_fails_90_percent_of_all_members() -> None:
    result = tally(*_run(_yes_no(13, 2)), NINETY_ALL)
    assert (result.yes, result.no, result.turnout.votes_cast) == (13, 2, 15)
    assert not result.passed
    assert result.explain() == "Đồng ý 13/15 = 86,7%, cần ≥ 90% tổng số thành viên: không đạt"


def test_14_of_15_passes_90_percent_of_all_members() -> None:
    result = tally(*_run(_yes_no(14, 1)), NINETY_ALL)
    assert result.passed
    assert "14/15 = 93,3%" in result.explain()


def test_all_present_voting_yes_is_not_enough_when_the_base_is_all_members() -> None:
    present = CITY_COUNCIL[:13]  # 2 members absent and not voting in writing
    result = tally(*_run(_yes_no(13, 0), present=present), NINETY_ALL)
    assert not result.passed  # 13/15 members
    assert result.passes(ThresholdRule(Fraction(9, 10), "votes_cast"))  # 13/13 votes cast
    assert result.passes(ThresholdRule(Fraction(9, 10), "present"))  # 13/13 present


def test_written_votes_of_absent_members_count() -> None:
    present = CITY_COUNCIL[:13]
    votes = [*_yes_no(12, 1), ("tv-14", ["yes"], "written"), ("tv-15", ["yes"], "written")]
    result = tally(*_run(votes, present=present), NINETY_ALL)
    assert (result.turnout.present, result.turnout.written, result.yes) == (13, 2, 14)
    assert result.passed


def test_two_thirds_is_exact_not_rounded() -> None:
    result = tally(*_run(_yes_no(10, 5)), UNIT_LEVEL_DEFAULT)
    assert result.passed  # 10/15 is exactly 2/3
    assert "cần ≥ 2/3 số thành viên dự họp" in result.explain()
    assert not tally(*_run(_yes_no(9, 5, 1)), UNIT_LEVEL_DEFAULT).passed


def test_abstentions_count_in_the_base_but_not_as_yes() -> None:
    result = tally(*_run(_yes_no(9, 0, 6)), ThresholdRule(Fraction(2, 3), "votes_cast"))
    assert (result.yes, result.abstain) == (9, 6)
    assert not result.passed  # 9/15


def test_parse_threshold_accepts_data_shapes() -> None:
    assert parse_threshold({"share": 0.9, "of": "all_members"}) == NINETY_ALL
    assert parse_threshold({"share": "2/3", "of": "present"}) == UNIT_LEVEL_DEFAULT
    assert (
        parse_threshold({"share": 2 / 3, "of": "present_members"}) == UNIT_LEVEL_DEFAULT
    )  # rules.py spelling
    assert parse_threshold({"share": 1, "of": "votes_cast"}).share == 1


@pytest.mark.parametrize(
    "raw",
    [{"share": 0, "of": "all_members"}, {"share": 1.5, "of": "present"}, {"share": "x", "of": "present"},
     {"share": True, "of": "present"}, {"share": 0.9, "of": "everyone"}, {"of": "present"}],
)  # fmt: skip
def test_parse_threshold_refuses_bad_rules(raw: dict[str, object]) -> None:
    with pytest.raises(AppError) as e:
        parse_threshold(raw)
    assert _code(e) == "BAD_THRESHOLD"
    assert e.value.field == "threshold"


def test_threshold_per_award() -> None:
    assert threshold_for("chien_si_thi_dua_thanh_pho") == NINETY_ALL
    assert threshold_for("cong_dan_thu_do_uu_tu") == NINETY_ALL
    assert threshold_for("chien_si_thi_dua_co_so") == UNIT_LEVEL_DEFAULT
    with pytest.raises(AppError) as e:
        threshold_for("giay_khen", DEFAULT_THRESHOLDS, default=None)
    assert _code(e) == "NO_THRESHOLD_RULE"


# --- refusals ---------------------------------------------------------------------------------------


def _open(present: Sequence[str] = CITY_COUNCIL) -> tuple[Ballot, VoterRoll]:
    ballot = open_ballot("s1/1", "q", CITY_COUNCIL, present)
    return ballot, VoterRoll(ballot.ballot_id)


def test_second_vote_by_the_same_member_is_refused() -> None:
    ballot, roll = _open()
    entry, _ = cast_vote(ballot, roll, "tv-01", ["yes"], mode="in_person", at=T0)
    with pytest.raises(AppError) as e:
        cast_vote(ballot, roll.with_entry(entry), "tv-01", ["no"], mode="in_person", at=T0)
    assert (_code(e), status_of(e.value)) == ("ALREADY_VOTED", 409)


def test_non_member_is_refused() -> None:
    ballot, roll = _open()
    with pytest.raises(AppError) as e:
        cast_vote(ballot, roll, "outsider", ["yes"], mode="in_person", at=T0)
    assert (_code(e), status_of(e.value), e.value.field) == ("NOT_A_MEMBER", 403, "member_id")


def test_vote_after_close_is_refused() -> None:
    ballot, roll = _open()
    with pytest.raises(AppError) as e:
        cast_vote(close_ballot(ballot, T0), roll, "tv-01", ["yes"], mode="written", at=T0)
    assert _code(e) == "BALLOT_CLOSED"
    with pytest.raises(AppError):
        close_ballot(close_ballot(ballot, T0), T0)


def test_written_vote_only_from_an_absent_member_and_in_person_only_when_present() -> None:
    ballot, roll = _open(present=CITY_COUNCIL[:14])
    with pytest.raises(AppError) as e:
        cast_vote(ballot, roll, "tv-01", ["yes"], mode="written", at=T0)
    assert (_code(e), e.value.field) == ("WRITTEN_VOTE_NOT_ABSENT", "mode")
    with pytest.raises(AppError) as e:
        cast_vote(ballot, roll, "tv-15", ["yes"], mode="in_person", at=T0)
    assert _code(e) == "NOT_PRESENT"
    assert cast_vote(ballot, roll, "tv-15", ["yes"], mode="written", at=T0)[0].mode == "written"


@pytest.mark.parametrize("marks", [[], ["yes", "no"], ["maybe"]])
def test_a_yes_no_paper_carries_exactly_one_valid_mark(marks: list[str]) -> None:
    ballot, roll = _open()
    with pytest.raises(AppError) as e:
        cast_vote(ballot, roll, "tv-01", marks, mode="in_person", at=T0)
    assert _code(e) == "INVALID_CHOICE"


def test_present_members_must_be_members() -> None:
    with pytest.raises(AppError) as e:
        open_ballot("b", "q", CITY_COUNCIL, ["tv-01", "guest"])
    assert _code(e) == "NOT_A_MEMBER"


# --- secrecy ----------------------------------------------------------------------------------------


def test_the_box_holds_no_voter_ids_nor_times() -> None:
    _ballot, roll, box = _run(_yes_no(13, 2))
    assert {f.name for f in dataclasses.fields(BoxEntry)} == {"ballot_id", "marks"}
    assert {f.name for f in dataclasses.fields(BallotBox)} == {"ballot_id", "papers", "counts"}
    assert not any(member in repr(box) for member in CITY_COUNCIL)
    assert box.counts == (("no", 2), ("yes", 13))
    assert {f.name for f in dataclasses.fields(RollEntry)} == {"ballot_id", "member_id", "voted_at", "mode"}
    assert len(roll.entries) == 15  # the roll knows who voted, not what


def test_the_box_does_not_depend_on_the_order_of_votes() -> None:
    votes = _yes_no(8, 5, 2)
    _, _, box_a = _run(votes)
    _, _, box_b = _run(list(reversed(votes)))
    assert box_a == box_b


def test_the_published_tally_names_no_voter() -> None:
    published = tally(*_run(_yes_no(14, 1)), NINETY_ALL).public()
    assert published["yes"] == 14
    assert published["rule"] == {"share": "9/10", "of": "all_members"}
    assert not any(member in repr(published) for member in CITY_COUNCIL)


def test_no_tally_while_the_ballot_is_open() -> None:
    ballot, roll = _open()
    with pytest.raises(AppError) as e:
        tally(ballot, roll, BallotBox(ballot.ballot_id), NINETY_ALL)
    assert _code(e) == "BALLOT_OPEN"


def test_a_box_that_does_not_match_the_roll_is_not_counted() -> None:
    ballot, roll, box = _run(_yes_no(14, 1))
    stuffed = box.with_entry(BoxEntry(ballot.ballot_id, ("yes",)))
    with pytest.raises(AppError) as e:
        tally(ballot, roll, stuffed, NINETY_ALL)
    assert _code(e) == "BOX_ROLL_MISMATCH"


# --- quorum -----------------------------------------------------------------------------------------


def test_quorum_not_met() -> None:
    present = CITY_COUNCIL[:9]  # 9/15 = 60% < 2/3
    with pytest.raises(AppError) as e:
        tally(*_run(_yes_no(9, 0), present=present), NINETY_ALL)
    assert (_code(e), e.value.details) == ("QUORUM_NOT_MET", {"attending": 9, "members": 15})


def test_written_votes_complete_the_quorum() -> None:
    present = CITY_COUNCIL[:9]
    votes = [*_yes_no(9, 0), ("tv-10", ["no"], "written")]
    result = tally(*_run(votes, present=present), NINETY_ALL)  # 10/15 = 2/3
    assert result.turnout.written == 1
    assert not result.passed


def test_quorum_is_a_parameter() -> None:
    present = CITY_COUNCIL[:8]
    result = tally(*_run(_yes_no(8, 0), present=present, quorum=Fraction(1, 2)), UNIT_LEVEL_DEFAULT)
    assert result.passed  # 8 of 8 present
