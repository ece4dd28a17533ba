"""Counting a closed session's items: each ballot judged by its threshold and frozen; the nomination moves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from emutrack_kit.unit_of_work import UnitOfWork
from review.domain import sessions
from review.domain.ballots import close_ballot, open_ballot, tally
from review.domain.councils import AgendaNote
from review.domain.integrity import freeze
from review.domain.nomination_parts import CouncilTally
from review.domain.nomination_record import Step
from review.domain.sessions import AgendaItem, CouncilSession
from review.usecases.context import Context
from review.usecases.nomination_views import Move, placed, stage_move


@dataclass(frozen=True)
class Closing:
    """Who closes the session, and when."""

    by: str
    at: datetime


async def counted(
    ctx: Context,
    uow: UnitOfWork,
    session: CouncilSession,
    item: AgendaItem,
    note: AgendaNote,
    closing: Closing,
) -> AgendaNote:
    """Count one item's ballot and stage its nomination's step; the item's note with its published result."""
    ballot = close_ballot(
        open_ballot(session.ballot_id(item), "", session.members, session.present, quorum=session.quorum),
        closing.at,
    )
    roll, box = await ctx.ballots.roll(ballot.ballot_id), await ctx.ballots.box(ballot.ballot_id)
    nomination_id = item.nomination.nomination_id
    result = sessions.record_result(session, nomination_id, tally(ballot, roll, box, item.rule))
    question = f"{note.award_name}: {item.nomination.subject_name}"
    public = {**result.tally.public(), "question": question, "passed": result.passed}
    threshold = {"share": str(item.rule.share), "of": item.rule.of}
    snapshot = freeze("tally", {"ballot": public, "threshold": threshold}, "secret-ballot", 1, result.passed)
    vote = CouncilTally(
        session.session_id, replace(result.tally, question=question), result.passed, snapshot.content_hash
    )
    await _stage_outcome(ctx, uow, item, vote, closing)
    return replace(note, result={**public, "content_hash": snapshot.content_hash})


async def _stage_outcome(
    ctx: Context, uow: UnitOfWork, item: AgendaItem, vote: CouncilTally, closing: Closing
) -> None:
    """The nomination voted (or not passed, with why), keeping its tally; a nomination moved on is left."""
    record = await ctx.nominations.get(item.nomination.nomination_id)
    if record is None:
        return
    status = "voted" if vote.passed else "not_passed"
    reasons = () if vote.passed else (vote.tally.explain(item.rule),)
    after = replace(record.moved(Step(status, closing.at, closing.by, reasons)), tally=vote)
    move = Move(after, "on_agenda", ("tally",), vote.content_hash)
    stage_move(ctx, uow, await placed(ctx, record), move, guarded=False)
