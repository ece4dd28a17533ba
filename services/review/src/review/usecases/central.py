"""Recording the outcome of a nomination sent above the city, when the central decision arrives."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, replace

from emutrack_kit import spreadsheets
from emutrack_kit.auth import Principal
from emutrack_kit.errors import AppError, Unprocessable
from emutrack_kit.text import nfc
from review.domain import central_sheet as sheet
from review.domain.central import (
    CentralOutcome,
    central_decision,
    check_outcome,
    ensure_not_settled,
    refusal_line,
    sent_to_central,
)
from review.domain.decision_record import IssuedDecision
from review.domain.history import label
from review.domain.integrity import content_hash
from review.domain.nomination_record import NominationRecord, Step
from review.domain.quotas import capped_awards
from review.usecases.access import authorize_office, ensure_level_office, visible_nomination
from review.usecases.context import Context
from review.usecases.decisions import decided_award, stored_once
from review.usecases.nomination_views import Move, take_step
from review.usecases.tree import name_of

RECORD = "ghi nhận quyết định của Trung ương"


async def authorize_recorder(ctx: Context, principal: Principal, nomination_id: str) -> None:
    """Only the office of the level that sent the nomination up records what came back (before validation)."""
    ensure_level_office(principal, await visible_nomination(ctx, principal, nomination_id), RECORD)


async def record_outcome(
    ctx: Context, principal: Principal, nomination_id: str, outcome: CentralOutcome
) -> NominationRecord:
    """The sending level's office records the central outcome (once: the same outcome again is a no-op)."""
    seen = await visible_nomination(ctx, principal, nomination_id)
    ensure_level_office(principal, seen, RECORD)
    record = seen.record
    outcome = replace(outcome, decided_by=nfc(outcome.decided_by.strip()), reason=nfc(outcome.reason.strip()))
    check_outcome(sent_to_central(record), outcome)
    if ensure_not_settled(record, outcome):
        return record
    if not outcome.awarded:
        step = Step("not_passed", ctx.clock(), principal.subject, (refusal_line(outcome), outcome.reason))
        await take_step(ctx, seen, Move(record.moved(step), "forwarded"))
        return (await visible_nomination(ctx, principal, nomination_id)).record
    decision = central_decision(record, outcome, principal.subject)
    nid = record.nomination_id
    issued = IssuedDecision(
        outcome.decision_id(nid), decision, label(record.award_code), {nid: record.year},
        content_hash(asdict(decision)), seen.level_path, outcome.decided_by,
    )  # fmt: skip
    await stored_once(ctx, principal, issued)
    await ctx.awards.record([decided_award(record, issued)], capped_awards(await ctx.rules.all()))
    reasons = (f"Quyết định số {outcome.number} ngày {outcome.signed_on:%d/%m/%Y} của {outcome.decided_by}",)
    after = replace(
        record.moved(Step("decided", ctx.clock(), principal.subject, reasons)), decision_id=issued.decision_id
    )
    await take_step(ctx, seen, Move(after, "forwarded", ("decision_id",), issued.content_hash))
    return (await visible_nomination(ctx, principal, nomination_id)).record


async def outcomes_sheet(ctx: Context, principal: Principal, level_unit_id: str) -> bytes:
    """The sheet of the level's nominations waiting above the city, to fill with what came back."""
    await authorize_office(ctx, principal, level_unit_id)
    waiting = await ctx.nominations.awaiting_central(level_unit_id)
    tree = await ctx.tree.tree()
    names = {r.proposing_unit_id: name_of(tree, r.proposing_unit_id) for r in waiting}
    note = f"{name_of(tree, level_unit_id)}. {sheet.NOTE}"
    headers = [heading for _, heading in sheet.COLUMNS]
    rows = sheet.template_rows(waiting, names)
    return await asyncio.to_thread(
        spreadsheets.template, "Kết quả Trung ương", sheet.TITLE, note, headers, rows
    )


async def import_outcomes(
    ctx: Context, principal: Principal, level_unit_id: str, content: bytes
) -> dict[str, int]:
    """Record every filled row, or none: each row is checked first and every error named with its row."""
    await authorize_office(ctx, principal, level_unit_id)
    filled, errors = [], []
    for number, values in spreadsheets.read_rows(content, sheet.COLUMNS):
        read = sheet.outcome_of_row(number, values)
        if isinstance(read, sheet.RowError):
            errors.append(read)
        elif read is not None:
            filled.append((number, *read))
    seen: set[str] = set()
    for number, nomination_id, outcome in filled:
        problem = await _row_problem(ctx, level_unit_id, nomination_id, outcome, seen)
        if problem:
            errors.append(sheet.RowError(number, "nomination_id", f"Dòng {number}: {problem}"))
        seen.add(nomination_id)
    if errors:
        raise Unprocessable(
            "SHEET_HAS_ERRORS",
            f"Bảng tính có {len(errors)} lỗi; chưa ghi nhận dòng nào. Sửa các dòng được nêu rồi tải lên lại.",
            field="file",
            details={"errors": [e.shown() for e in sorted(errors, key=lambda e: e.row)]},
        )
    for _, nomination_id, outcome in filled:
        await record_outcome(ctx, principal, nomination_id, outcome)
    return {"recorded": len(filled)}


async def _row_problem(
    ctx: Context, level_unit_id: str, nomination_id: str, outcome: CentralOutcome, seen: set[str]
) -> str | None:
    """What stops the row from being recorded (None: nothing)."""
    if nomination_id in seen:
        return "hồ sơ này đã có ở một dòng trước."
    record = await ctx.nominations.get(nomination_id)
    if record is None or record.level_unit_id != level_unit_id or record.export_package is None:
        return "mã hồ sơ không phải của hồ sơ cấp này đã trình Trung ương; hãy tải lại mẫu."
    try:
        check_outcome(record.export_package, outcome)
        ensure_not_settled(record, outcome)
    except AppError as refused:
        return refused.message
    return None
