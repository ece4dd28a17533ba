"""A council session's business: agenda, attendance, opening, secret votes, closing with published tallies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.review import CouncilSessionClosed, PublishedTally
from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from emutrack_kit.unit_of_work import Duplicate, UnitOfWork
from review.domain import sessions
from review.domain.ballots import VoteMode, cast_vote
from review.domain.councils import AgendaNote, SessionRecord
from review.domain.nomination_record import Step
from review.domain.sessions import AppraisalSummary, Nomination, Verdict
from review.usecases.access import CHAIRING, OFFICE, VOTERS, ensure_council_role, visible_nomination
from review.usecases.context import Context
from review.usecases.councils import load_session
from review.usecases.nomination_views import Move, take_step
from review.usecases.session_results import Closing, counted
from review.usecases.tree import unit_path_today
from review.usecases.writes import commit


async def _saved(
    ctx: Context, before: SessionRecord, after: SessionRecord, events: Sequence[Envelope] = ()
) -> SessionRecord:
    uow = UnitOfWork()
    ctx.sessions.stage_change(uow, before, after, events)
    await commit(uow)
    return await load_session(ctx, before.session_id)


async def add_to_agenda(
    ctx: Context, principal: Principal, session_id: str, nomination_id: str
) -> SessionRecord:
    """Put an accepted (appraised) nomination of this level on the agenda; it shows as 'on agenda'."""
    record = await load_session(ctx, session_id)
    ensure_council_role(principal, record.level_unit_id, OFFICE, "cơ quan thường trực")
    seen = await visible_nomination(ctx, principal, nomination_id)
    n = seen.record
    # The office's acceptance (status "appraised", with a reason where the rules could not tell)
    # is what makes a nomination eligible for the council.
    verdict: Verdict = "eligible" if n.status == "appraised" else "incomplete"
    appraisal_hash = n.appraisal.content_hash if n.appraisal else ""
    nomination = Nomination(
        n.nomination_id, n.dossier_id, n.award_code, n.subject_kind, n.subject_unit_id or n.subject_name,
        n.subject_name, n.proposing_unit_id, n.level_unit_id,
    )  # fmt: skip
    summary = AppraisalSummary(n.nomination_id, verdict, 0, appraisal_hash, ctx.today())
    session = sessions.add_item(record.session, nomination, summary)
    await take_step(ctx, seen, Move(n.moved(Step("on_agenda", ctx.clock(), principal.subject)), "appraised"))
    after = replace(record, session=session, notes=(*record.notes, AgendaNote(n.award_name)))
    return await _saved(ctx, record, after)


async def attendance(
    ctx: Context, principal: Principal, session_id: str, present: Sequence[str]
) -> SessionRecord:
    """The office records who is present (absent members may still vote in writing)."""
    record = await load_session(ctx, session_id)
    ensure_council_role(principal, record.level_unit_id, CHAIRING, "thường trực, chủ tịch")
    after = replace(record, session=sessions.record_attendance(record.session, present))
    return await _saved(ctx, record, after)


async def open_session(ctx: Context, principal: Principal, session_id: str) -> SessionRecord:
    """The chair (or the office) opens the session: every item's ballot opens."""
    record = await load_session(ctx, session_id)
    ensure_council_role(principal, record.level_unit_id, CHAIRING, "thường trực, chủ tịch")
    after = replace(record, session=sessions.open_session(record.session), opened_at=ctx.clock())
    return await _saved(ctx, record, after)


@dataclass(frozen=True)
class CastVote:
    """One member's secret vote on one agenda item, in person or (absent) in writing."""

    session_id: str
    nomination_id: str
    choice: str
    mode: VoteMode = "in_person"


@dataclass(frozen=True)
class VoteReceipt:
    """What a voter gets back: the ballot and that the vote counted, never the choice."""

    ballot_id: str
    voted: bool
    mode: VoteMode


async def vote(ctx: Context, principal: Principal, command: CastVote) -> VoteReceipt:
    """A council member votes on one item, in person or (absent) in writing; returns only the receipt."""
    record = await load_session(ctx, command.session_id)
    ensure_council_role(principal, record.level_unit_id, VOTERS, "thành viên Hội đồng")
    ballot = sessions.item_ballot(record.session, command.nomination_id)
    roll = await ctx.ballots.roll(ballot.ballot_id)
    entry, paper = cast_vote(
        ballot, roll, principal.subject, [command.choice], mode=command.mode, at=ctx.clock()
    )
    try:
        await ctx.ballots.cast(entry, paper)
    except Duplicate:
        raise Conflict(
            "ALREADY_VOTED", "Thành viên này đã bỏ phiếu; mỗi người chỉ bỏ một phiếu.", field="member_id"
        ) from None
    return VoteReceipt(ballot.ballot_id, True, command.mode)


async def close(ctx: Context, principal: Principal, session_id: str) -> SessionRecord:
    """Close the session: count every ballot, judge it by its threshold, publish tallies only."""
    record = await load_session(ctx, session_id)
    level = record.level_unit_id
    ensure_council_role(principal, level, CHAIRING, "thường trực, chủ tịch")
    session, now = sessions.close_session(record.session), ctx.clock()
    uow, notes = UnitOfWork(), []
    for item, note in zip(session.agenda, record.notes, strict=True):
        notes.append(await counted(ctx, uow, session, item, note, Closing(principal.subject, now)))
    after = replace(record, session=session, notes=tuple(notes), closed_at=now)
    event = _closed_event(after, await unit_path_today(ctx, level), principal.subject, now)
    ctx.sessions.stage_change(uow, record, after, [event])
    await commit(uow)
    return await load_session(ctx, session_id)


def _closed_event(record: SessionRecord, path: tuple[str, ...], actor: str, at: datetime) -> Envelope:
    published = [
        PublishedTally.model_validate({**(note.result or {}), "nomination_id": item.nomination.nomination_id})
        for item, note in zip(record.session.agenda, record.notes, strict=True)
    ]
    payload = CouncilSessionClosed(
        session_id=record.session_id, level_unit_id=record.level_unit_id, name=record.name, closed_at=at,
        results=published,
    )  # fmt: skip
    return new_event("council_session.closed", unit_path=list(path), actor=actor, payload=payload)
