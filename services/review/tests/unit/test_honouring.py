"""Unit tests of review.domain.honouring: the approval vote of a cluster (bình xét, suy tôn), ranking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from emutrack_kit.errors import AppError
from review.domain.ballots import (
    Approval,
    Ballot,
    BallotBox,
    ThresholdRule,
    VoterRoll,
    cast_vote,
    close_ballot,
    open_ballot,
)
from review.domain.honouring import Selection, rank

T0 = datetime(2024, 3, 20, 8, 0, tzinfo=UTC)
CLUSTER = ["p-kim-giang", "p-dai-kim", "p-ha-dinh", "p-khuong-dinh", "p-khuong-mai", "p-thanh-xuan-bac"]


def _code(excinfo: pytest.ExceptionInfo[AppError]) -> str:
    return excinfo.value.code


def _closed(ballot: Ballot, papers: dict[str, list[str]]) -> tuple[Ballot, VoterRoll, BallotBox]:
    """The ballot with each member's paper cast in person, then closed."""
    roll, box = VoterRoll(ballot.ballot_id), BallotBox(ballot.ballot_id)
    for i, (voter, marks) in enumerate(papers.items()):
        entry, paper = cast_vote(ballot, roll, voter, marks, mode="in_person", at=T0 + timedelta(minutes=i))
        roll, box = roll.with_entry(entry), box.with_entry(paper)
    return close_ballot(ballot, T0 + timedelta(hours=1)), roll, box


def _approval(approvals: dict[str, list[str]], max_approvals: int = 2) -> tuple[Ballot, VoterRoll, BallotBox]:
    ballot = open_ballot(
        "s1/1", "Suy tôn dẫn đầu cụm", CLUSTER, CLUSTER, approval=Approval(CLUSTER, max_approvals)
    )
    return _closed(ballot, approvals)


BALLOTS = {
    "p-kim-giang": ["p-dai-kim", "p-ha-dinh"],
    "p-dai-kim": ["p-kim-giang", "p-ha-dinh"],
    "p-ha-dinh": ["p-kim-giang", "p-dai-kim"],
    "p-khuong-dinh": ["p-kim-giang", "p-dai-kim"],
    "p-khuong-mai": ["p-ha-dinh", "p-khuong-dinh"],
    "p-thanh-xuan-bac": [],  # a blank paper
}


def test_candidates_ranked_by_approvals_with_the_stated_tie_break() -> None:
    # kim-giang 3, dai-kim 3, ha-dinh 3, khuong-dinh 1: three-way tie broken by the cluster's score rank
    result = rank(*_approval(BALLOTS), Selection(top_n=2), tie_break=["p-ha-dinh", "p-kim-giang"])
    assert [(c.candidate_id, c.approvals, c.rank) for c in result.candidates[:4]] == [
        ("p-ha-dinh", 3, 1),
        ("p-kim-giang", 3, 2),
        ("p-dai-kim", 3, 3),
        ("p-khuong-dinh", 1, 4),
    ]
    assert result.leading == ("p-ha-dinh", "p-kim-giang")
    assert result.tie_at_cut  # dai-kim has as many approvals as the last one in
    assert result.turnout.votes_cast == 6
    assert "thứ tự ưu tiên" in result.tie_break


def test_leading_by_share_of_all_members() -> None:
    selection = Selection(rule=ThresholdRule(Fraction(1, 2), "all_members"))
    result = rank(*_approval(BALLOTS), selection)
    assert set(result.leading) == {"p-kim-giang", "p-dai-kim", "p-ha-dinh"}  # 3/6 each
    assert not result.tie_at_cut
    both = rank(*_approval(BALLOTS), Selection(top_n=1, rule=selection.rule), tie_break=["p-dai-kim"])
    assert both.leading == ("p-dai-kim",)


def test_candidates_without_approvals_never_lead() -> None:
    result = rank(
        *_approval({"p-kim-giang": ["p-dai-kim"]} | {m: [] for m in CLUSTER[1:]}), Selection(top_n=3)
    )
    assert result.leading == ("p-dai-kim",)


def test_approval_papers_are_checked() -> None:
    ballot = open_ballot("c/1", "suy tôn", CLUSTER, CLUSTER, approval=Approval(CLUSTER, 2))
    roll = VoterRoll(ballot.ballot_id)
    for marks, code in [
        (["p-kim-giang", "p-dai-kim", "p-ha-dinh"], "TOO_MANY_APPROVALS"),
        (["p-elsewhere"], "INVALID_CHOICE"),
        (["p-kim-giang", "p-kim-giang"], "INVALID_CHOICE"),
    ]:
        with pytest.raises(AppError) as e:
            cast_vote(ballot, roll, "p-dai-kim", marks, mode="in_person", at=T0)
        assert _code(e) == code


def test_selection_needs_top_n_or_a_share() -> None:
    with pytest.raises(AppError) as e:
        rank(*_approval(BALLOTS), Selection())
    assert _code(e) == "BAD_SELECTION"


def test_a_yes_no_ballot_cannot_be_ranked() -> None:
    yes_no = _closed(open_ballot("s1/2", "q", CLUSTER, CLUSTER), {m: ["yes"] for m in CLUSTER})
    with pytest.raises(AppError) as e:
        rank(*yes_no, Selection(top_n=1))
    assert _code(e) == "WRONG_BALLOT_KIND"
