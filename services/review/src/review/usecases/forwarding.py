"""Forwarding: the office sends a passed nomination outside its level's authority up the tree of the day."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from emutrack_kit.unit_of_work import Duplicate, UnitOfWork
from review.domain.decisions import Level
from review.domain.forwarding import ExportPackage, Forwarding, forward
from review.domain.nomination_parts import EndorsementRecord
from review.domain.nomination_record import NominationRecord, Step
from review.domain.nominations import nomination_id
from review.domain.sessions import AppraisalSummary
from review.usecases.access import ensure_level_office, visible_nomination
from review.usecases.context import Context
from review.usecases.nomination_views import Move, Placed, status_event, take_step
from review.usecases.tree import CENTRAL, level_of


async def forward_upward(ctx: Context, principal: Principal, identifier: str) -> NominationRecord:
    """The office sends a passed nomination to the parent level of the day (or to central, as a package)."""
    seen = await visible_nomination(ctx, principal, identifier)
    record = seen.record
    ensure_level_office(principal, seen, "trình cấp trên")
    if record.status != "voted":
        raise Conflict(
            "NOT_VOTED",
            "Chỉ trình cấp trên hồ sơ đã được Hội đồng cấp này bỏ phiếu thông qua.",
            field="status",
        )
    current = await level_of(ctx, record.level_unit_id)
    parent_path = seen.level_path[:-1]
    parent = await level_of(ctx, parent_path[-1]) if parent_path else CENTRAL
    appraisal_hash = record.appraisal.content_hash if record.appraisal else ""
    appraisal = AppraisalSummary(identifier, "eligible", 0, appraisal_hash, ctx.today())
    result = record.council_result()
    if result is None or record.tally is None:
        raise Conflict(
            "NO_TALLY", "Hồ sơ chưa có kết quả bỏ phiếu của Hội đồng cấp này.", field="nomination_id"
        )
    outcome = forward(record.for_decision(), appraisal, result, Forwarding(current, parent, ctx.today()))
    endorsements = (
        *record.endorsements,
        EndorsementRecord(record.level_unit_id, appraisal_hash, record.tally),
    )
    step = Step("forwarded", ctx.clock(), principal.subject, (f"Trình {parent.name}",))
    if isinstance(outcome, ExportPackage):
        after = replace(record.moved(step), export_package=outcome, endorsements=endorsements)
        move = Move(after, "voted", ("export_package", "endorsements"))
    else:
        arrived = await _arrive(
            ctx, seen, replace(record, endorsements=endorsements), (current, parent), step
        )
        after = replace(record.moved(step), forwarded_to=arrived, endorsements=endorsements)
        move = Move(after, "voted", ("forwarded_to", "endorsements"))
    await take_step(ctx, seen, move)
    return (await visible_nomination(ctx, principal, identifier)).record


async def _arrive(
    ctx: Context, seen: Placed, record: NominationRecord, levels: tuple[Level, Level], step: Step
) -> str:
    """The nomination arrives at the parent level, on the tree of the day (once: a retry finds it there)."""
    current, parent = levels
    arrival = Step("received", step.at, step.by, (f"Trình từ {current.name}",))
    at_parent = replace(
        record,
        nomination_id=nomination_id(record.dossier_id, parent.unit_id),
        unit_path=seen.unit_path,
        level_unit_id=parent.unit_id,
        level_path=seen.level_path[:-1],
        status="received",
        received_at=step.at,
        history=(arrival,),
        appraisal=None,
        tally=None,
        forwarded_from=record.nomination_id,
    )
    event = status_event(at_parent, seen.unit_path, Step("received", step.at, step.by))
    uow = UnitOfWork()
    ctx.nominations.stage_arrival(uow, at_parent, event)
    with contextlib.suppress(Duplicate):  # already there (a retry): the step below completes it
        await uow.commit()
    return at_parent.nomination_id
