"""Decisions: the chair decides, within the level's authority, for nominations its council passed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date

from emutrack_contracts import new_event
from emutrack_contracts.events.review import DecisionIssued
from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from emutrack_kit.unit_of_work import Duplicate, UnitOfWork
from review.domain.decision_record import IssuedDecision
from review.domain.decisions import DecisionDraft, DecisionRules, issue_decision
from review.domain.history import DecidedAward, label
from review.domain.integrity import content_hash
from review.domain.nomination_record import NominationRecord, Step
from review.domain.nominations import STATUS_VI
from review.domain.quotas import capped_awards
from review.usecases.access import authorize_chair, visible_nomination
from review.usecases.context import Context
from review.usecases.holidays import days_off_calendar
from review.usecases.nomination_views import Move, Placed, stage_move
from review.usecases.tree import level_of, path_on


@dataclass(frozen=True)
class IssueDecision:
    """A decision the level's chair signs: number, date, award and the nominations it honours."""

    level_unit_id: str
    number: str
    signed_on: date
    award_code: str
    nomination_ids: tuple[str, ...]


async def issue(ctx: Context, principal: Principal, command: IssueDecision) -> IssuedDecision:
    """The chair decides for passed nominations of the level; the same decision sent twice is one."""
    await authorize_chair(ctx, principal, command.level_unit_id)
    level = await level_of(ctx, command.level_unit_id)
    seen = [await visible_nomination(ctx, principal, n) for n in command.nomination_ids]
    records = [s.record for s in seen]
    decision_id = f"{command.level_unit_id}|{command.number.strip()}"
    _ensure_voted(records, decision_id)
    draft = DecisionDraft(
        command.number, command.signed_on, principal.subject, level, command.award_code,
        [r.for_decision() for r in records],
    )  # fmt: skip
    results = {r.nomination_id: result for r in records if (result := r.council_result()) is not None}
    published = {r.nomination_id: r.public_comment.published_on for r in records if r.public_comment}
    days_off, make_up = await days_off_calendar(ctx)
    decision = issue_decision(
        draft, results, published, DecisionRules(holidays=days_off, make_up_days=make_up)
    )
    tree = await ctx.tree.tree()
    path = path_on(tree, command.level_unit_id, command.signed_on, records[0].level_path)
    years = {r.nomination_id: r.year for r in records}  # the emulation year each award honours
    issued = IssuedDecision(
        decision_id, decision, label(command.award_code), years, content_hash(asdict(decision)), path
    )
    await stored_once(ctx, principal, issued)
    await ctx.awards.record([decided_award(r, issued) for r in records], capped_awards(await ctx.rules.all()))
    await _mark_decided(ctx, principal, seen, issued)
    stored = await ctx.decisions.get(decision_id)
    return issued if stored is None else stored


def _ensure_voted(records: Sequence[NominationRecord], decision_id: str) -> None:
    for i, record in enumerate(records):
        ad_hoc_accepted = record.dossier_kind == "exceptional" and record.status == "appraised"
        if record.status != "voted" and not ad_hoc_accepted and record.decision_id != decision_id:
            raise Conflict(
                "NOT_VOTED",
                f"Hồ sơ của {record.subject_name} không ở trạng thái 'Đã bỏ phiếu' "
                f"(hiện tại: '{STATUS_VI.get(record.status, record.status)}').",
                field=f"nomination_ids[{i}]",
            )


async def stored_once(ctx: Context, principal: Principal, issued: IssuedDecision) -> None:
    """Store the decision with its event; the same decision sent again (a retry) finishes what it did not."""
    payload = DecisionIssued.model_validate(issued.public())
    event = new_event(
        "decision.issued", unit_path=list(issued.level_path), actor=principal.subject, payload=payload
    )
    uow = UnitOfWork()
    ctx.decisions.stage_new(uow, issued, event)
    try:
        await uow.commit()
    except Duplicate:
        stored = await ctx.decisions.get(issued.decision_id)
        if stored is None or stored.content_hash != issued.content_hash:
            raise Conflict(
                "DECISION_NUMBER_USED",
                f"Số quyết định {issued.decision.number} đã được dùng ở cấp này.",
                field="number",
            ) from None


def decided_award(record: NominationRecord, issued: IssuedDecision) -> DecidedAward:
    d = issued.decision
    return DecidedAward(
        record.subject_key, record.subject_kind, record.quota_unit_id, d.award_code, record.year,
        issued.decision_id, d.number, d.level_unit_id,
    )  # fmt: skip


async def _mark_decided(
    ctx: Context, principal: Principal, seen: Sequence[Placed], issued: IssuedDecision
) -> None:
    """Each voted nomination becomes decided (one already decided by this decision is left as it is)."""
    uow, now = UnitOfWork(), ctx.clock()
    reasons = (f"Quyết định số {issued.decision.number}",)
    for placed_nomination in seen:
        record = placed_nomination.record
        if record.status == "decided":
            continue
        step = Step("decided", now, principal.subject, reasons)
        after = replace(record.moved(step), decision_id=issued.decision_id)
        move = Move(after, record.status, ("decision_id",), issued.content_hash)
        stage_move(ctx, uow, placed_nomination, move, guarded=False)
    await uow.commit()
