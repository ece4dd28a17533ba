"""Appraisal: the standing office runs the rules on a nomination (or a whole round), then accepts it."""

from __future__ import annotations

from dataclasses import dataclass, field

from emutrack_kit.auth import Principal
from emutrack_kit.errors import AppError, Conflict, Unprocessable
from emutrack_kit.text import nfc
from review.domain.appraisal import ensure_appraisable
from review.domain.nomination_record import NominationRecord, Step
from review.usecases.access import authorize_round, ensure_level_office, visible_nomination
from review.usecases.appraisal_inputs import RoundReads, appraisal_of
from review.usecases.context import Context
from review.usecases.nomination_views import Move, take_step

MIN_OVERRIDE_REASON = 10
APPRAISING = "thẩm định hồ sơ này"


async def appraise(ctx: Context, principal: Principal, nomination_id: str) -> NominationRecord:
    """Check a received nomination against its award's rules; the result is frozen and explained."""
    seen = await visible_nomination(ctx, principal, nomination_id)
    ensure_level_office(principal, seen, APPRAISING)
    appraisal = await appraisal_of(ctx, principal, seen.record)
    if not await ctx.nominations.record_appraisal(nomination_id, appraisal):
        ensure_appraisable("moved on")
    return (await visible_nomination(ctx, principal, nomination_id)).record


@dataclass(frozen=True)
class RoundAppraisal:
    """Which received nominations to appraise at once: a level's year, one award or all."""

    level_unit_id: str
    year: int
    award_code: str | None = None


@dataclass(frozen=True)
class Refusal:
    """A nomination of the round the rules refused to appraise, and why."""

    nomination_id: str
    code: str
    message: str


@dataclass
class RoundSummary:
    """What appraising a round did: how many were appraised, by verdict, and which were refused."""

    level_unit_id: str
    year: int
    award_code: str | None
    appraised: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)


async def appraise_round(ctx: Context, principal: Principal, command: RoundAppraisal) -> RoundSummary:
    """Appraise every received nomination of a level and year (one award, or all) in one pass.

    Each is appraised exactly as on its own; the competing nominations of a quota are read once per
    award. A nomination the rules refuse (not registered, wrong kind of subject) is listed, not fatal.
    """
    await authorize_round(ctx, principal, command.level_unit_id)
    received = await ctx.nominations.received_at(command.level_unit_id, command.year, command.award_code)
    reads, summary = RoundReads(), RoundSummary(command.level_unit_id, command.year, command.award_code)
    for record in received:
        try:
            appraisal = await appraisal_of(ctx, principal, record, reads)
        except AppError as exc:
            summary.refused.append(Refusal(record.nomination_id, exc.code, exc.message))
            continue
        if await ctx.nominations.record_appraisal(record.nomination_id, appraisal):
            summary.verdicts[appraisal.verdict] = summary.verdicts.get(appraisal.verdict, 0) + 1
    summary.appraised = sum(summary.verdicts.values())
    return summary


async def accept(
    ctx: Context, principal: Principal, nomination_id: str, override_reason: str | None
) -> NominationRecord:
    """Accept an appraised nomination for the council; an incomplete appraisal needs a stated reason."""
    seen = await visible_nomination(ctx, principal, nomination_id)
    ensure_level_office(principal, seen, APPRAISING)
    record = seen.record
    ensure_appraisable(record.status)
    appraisal = record.appraisal
    if appraisal is None:
        raise Conflict("NOT_APPRAISED", "Hãy thẩm định hồ sơ trước khi chấp nhận.", field="nomination_id")
    if appraisal.verdict == "not_eligible":
        raise Conflict(
            "NOT_ELIGIBLE",
            "Hồ sơ không đạt điều kiện theo kết quả thẩm định; hãy trả lại hồ sơ với lý do.",
            field="nomination_id",
        )
    reason = nfc(override_reason) if override_reason else None
    if appraisal.verdict == "incomplete" and (reason is None or len(reason) < MIN_OVERRIDE_REASON):
        raise Unprocessable(
            "REASON_REQUIRED",
            "Kết quả thẩm định còn điều kiện chưa xác định được; cần ghi rõ căn cứ để chấp nhận.",
            field="override_reason",
        )
    step = Step("appraised", ctx.clock(), principal.subject, (reason,) if reason else ())
    move = Move(record.moved(step), "received", snapshot_hash=appraisal.content_hash)
    await take_step(ctx, seen, move)
    return (await visible_nomination(ctx, principal, nomination_id)).record
