"""A cluster's honouring vote (bình xét, suy tôn): its leading units become nominations at its level.

After the ranking is published, the head opens an approval ballot among the member units (each
unit's head votes for its unit, secretly); closing it ranks candidates by approvals (ties by the
published score ranking) and the leading units arrive as nominations at the cluster's level,
carrying their score and the ranking's hash as evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from emutrack_kit.unit_of_work import Duplicate
from review.domain.ballots import Approval, Ballot, cast_vote, close_ballot, open_ballot
from review.domain.cluster_record import ClusterRecord, HonouringVote
from review.domain.history import label
from review.domain.honouring import Selection, rank
from review.usecases.cluster_access import authorize_head, authorize_voter
from review.usecases.cluster_views import save_cluster
from review.usecases.context import Context
from review.usecases.honoured import nominate


def _ballot(record: ClusterRecord, vote: HonouringVote) -> Ballot:
    question = f"Suy tôn '{label(vote.award_code)}' năm {record.cluster.year}"
    members = record.cluster.member_ids
    approval = Approval(vote.candidates, vote.max_approvals)
    return open_ballot(vote.ballot_id, question, members, members, approval=approval)


@dataclass(frozen=True)
class OpenHonouring:
    """The honouring vote to open: the award proposed for the leaders, approvals per paper, how many lead."""

    cluster_id: str
    award_code: str
    max_approvals: int = 1
    top_n: int = 1


async def open_vote(ctx: Context, principal: Principal, command: OpenHonouring) -> ClusterRecord:
    """The head opens the honouring vote once the ranking is published (every member a candidate)."""
    record = await authorize_head(ctx, principal, command.cluster_id)
    if record.results is None:
        raise Conflict(
            "NO_RANKING", "Cần công bố kết quả chấm điểm trước khi bình xét, suy tôn.", field="cluster_id"
        )
    if record.honouring is not None:
        raise Conflict("HONOURING_EXISTS", "Cụm đã tổ chức bình xét, suy tôn năm nay.", field="cluster_id")
    vote = HonouringVote(
        f"{command.cluster_id}/suy-ton", command.award_code, record.cluster.member_ids, command.max_approvals,
        command.top_n,
    )  # fmt: skip
    _ballot(record, vote)  # validates candidates and approvals
    return await save_cluster(ctx, replace(record, honouring=vote), "honouring")


@dataclass(frozen=True)
class HonouringPaper:
    """A member unit's paper: the candidates it approves."""

    cluster_id: str
    voter_unit_id: str
    approvals: Sequence[str]


@dataclass(frozen=True)
class PaperReceipt:
    """What the voting unit gets back: the ballot and that its paper counted."""

    ballot_id: str
    voted: bool


async def vote(ctx: Context, principal: Principal, paper: HonouringPaper) -> PaperReceipt:
    """A member unit's head approves up to M candidates; only the roll knows the unit voted."""
    record = await authorize_voter(ctx, principal, paper.cluster_id, paper.voter_unit_id)
    if record.honouring is None or record.honouring.status != "open":
        raise Conflict("BALLOT_CLOSED", "Không có cuộc bình xét, suy tôn đang mở.", field="cluster_id")
    ballot = _ballot(record, record.honouring)
    roll = await ctx.ballots.roll(ballot.ballot_id)
    entry, box_entry = cast_vote(
        ballot, roll, paper.voter_unit_id, paper.approvals, mode="in_person", at=ctx.clock()
    )
    try:
        await ctx.ballots.cast(entry, box_entry)
    except Duplicate:
        raise Conflict("ALREADY_VOTED", "Đơn vị này đã bỏ phiếu.", field="voter_unit_id") from None
    return PaperReceipt(ballot.ballot_id, True)


async def close_vote(ctx: Context, principal: Principal, cluster_id: str) -> ClusterRecord:
    """The head closes the vote; the leading units become nominations at the cluster's level."""
    record = await authorize_head(ctx, principal, cluster_id)
    honouring, results = record.honouring, record.results
    if honouring is None or honouring.status != "open" or results is None:
        raise Conflict("BALLOT_CLOSED", "Không có cuộc bình xét, suy tôn đang mở.", field="cluster_id")
    ballot = close_ballot(_ballot(record, honouring), ctx.clock())
    roll, box = await ctx.ballots.roll(ballot.ballot_id), await ctx.ballots.box(ballot.ballot_id)
    ranking = rank(ballot, roll, box, Selection(top_n=honouring.top_n), tie_break=results.order)
    result = {
        "candidates": [
            {"unit_id": c.candidate_id, "approvals": c.approvals, "rank": c.rank, "leading": c.leading}
            for c in ranking.candidates
        ],
        "votes_cast": ranking.turnout.votes_cast,
        "tie_at_cut": ranking.tie_at_cut,
        "tie_break": ranking.tie_break,
    }
    for unit_id in ranking.leading:
        await nominate(ctx, record, unit_id, honouring.award_code, principal.subject)
    closed = replace(honouring, status="closed", result=result)
    return await save_cluster(ctx, replace(record, honouring=closed), "honouring")
