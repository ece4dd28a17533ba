"""The honouring vote of a cluster (bình xét, suy tôn): candidates ranked by approvals, the leading ones.

An approval ballot (`ballots.open_ballot` with candidates: each voter approves at most M) is counted
once closed, like any secret ballot; candidates are ranked by approvals, ties broken by a stated
priority order (e.g. the cluster's score ranking), then by candidate id. `Selection` says who leads:
the top N and/or those reaching a share. `tie_at_cut` flags a ranking where the tie-break alone
decided who is inside the top N.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from emutrack_kit.errors import Unprocessable
from review.domain.ballots import Ballot, BallotBox, ThresholdRule, Turnout, VoterRoll, checked_turnout

TIE_BREAK_VI = (
    "nhiều phiếu hơn xếp trước; bằng phiếu thì theo thứ tự ưu tiên cho trước "
    "(ví dụ thứ hạng chấm điểm của cụm), rồi theo mã đơn vị"
)


@dataclass(frozen=True)
class Selection:
    """Who leads an approval ballot: the top N, and/or those reaching a share (both when both set)."""

    top_n: int | None = None
    rule: ThresholdRule | None = None


@dataclass(frozen=True)
class CandidateResult:
    """A candidate's approvals, rank (1 = first, no ties after the tie-break) and whether it leads."""

    candidate_id: str
    approvals: int
    rank: int
    leading: bool


@dataclass(frozen=True)
class Ranking:
    """The publishable result of an approval ballot (bình xét, suy tôn)."""

    ballot_id: str
    question: str
    turnout: Turnout
    candidates: tuple[CandidateResult, ...]
    selection: Selection
    tie_break: str
    tie_at_cut: bool  # the tie-break decided who is inside the top N: worth a look by people

    @property
    def leading(self) -> tuple[str, ...]:
        """Candidates that become nominations, in rank order."""
        return tuple(c.candidate_id for c in self.candidates if c.leading)


def rank(
    ballot: Ballot, roll: VoterRoll, box: BallotBox, selection: Selection, tie_break: Sequence[str] = ()
) -> Ranking:
    """Rank a closed approval ballot by approvals; ties by `tie_break` order, then by candidate id."""
    if (selection.top_n is None and selection.rule is None) or (selection.top_n or 1) < 1:
        raise Unprocessable(
            "BAD_SELECTION",
            "Cần số đơn vị dẫn đầu (top_n ≥ 1) và/hoặc tỉ lệ phiếu tối thiểu.",
            field="selection",
        )
    turnout = checked_turnout(ballot, roll, box, "approval")
    priority = {c: i for i, c in enumerate(tie_break)}
    order = sorted(ballot.candidates, key=lambda c: (-box.count(c), priority.get(c, len(priority)), c))
    results = []
    for position, candidate in enumerate(order, start=1):
        approvals = box.count(candidate)
        leading = approvals > 0 and (selection.top_n is None or position <= selection.top_n)
        if selection.rule is not None:
            base = turnout.base(selection.rule.of)
            leading = leading and base > 0 and Fraction(approvals, base) >= selection.rule.share
        results.append(CandidateResult(candidate, approvals, position, leading))
    n = selection.top_n
    tie_at_cut = n is not None and n < len(order) and results[n - 1].approvals == results[n].approvals > 0
    return Ranking(
        ballot.ballot_id, ballot.question, turnout, tuple(results), selection, TIE_BREAK_VI, tie_at_cut
    )
