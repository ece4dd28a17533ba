"""Nominations at a level: received from registration's events, read, listed, returned with reasons."""

from __future__ import annotations

from collections.abc import Sequence

from emutrack_contracts.events.registration import NominationSubmitted
from emutrack_kit.auth import Principal, Reach
from emutrack_kit.repository import Page
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import Duplicate, UnitOfWork
from review.domain.history import DeclaredAward
from review.domain.nomination_parts import Attachment, LinkedInitiative
from review.domain.nomination_record import NominationRecord, Step
from review.domain.nominations import NominationFilter, can_receive_again, check_return, nomination_id
from review.usecases.access import ensure_level_office, visible_nomination
from review.usecases.context import Context
from review.usecases.delivery import Delivery
from review.usecases.nomination_views import SYSTEM, Move, status_event, take_step
from review.usecases.tree import as_successor


async def receive(ctx: Context, submitted: NominationSubmitted, delivery: Delivery) -> None:
    """A dossier reaches its receiving level: a new nomination, or a returned one back (once per event)."""
    record = arrived(submitted, delivery)
    event = status_event(record, record.unit_path, Step("received", submitted.submitted_at, SYSTEM))
    uow = UnitOfWork()
    ctx.nominations.stage_arrival(uow, record, event, delivery.event_id)
    try:
        await uow.commit()
        return
    except Duplicate:
        existing = await ctx.nominations.get(record.nomination_id)
    if existing is not None and can_receive_again(existing.status):
        uow = UnitOfWork()
        ctx.nominations.stage_resubmission(uow, record, delivery.event_id, event)
        await uow.commit()


def arrived(submitted: NominationSubmitted, delivery: Delivery) -> NominationRecord:
    """The nomination a submission makes at its receiving level, on the tree of the day it was sent."""
    path, level = delivery.unit_path, submitted.receiving_unit_id
    level_path = path[: path.index(level) + 1] if level in path else (level,)
    return NominationRecord(
        nomination_id=nomination_id(submitted.dossier_id, level),
        dossier_id=submitted.dossier_id,
        round_id=submitted.round_id,
        year=submitted.year,
        proposing_unit_id=submitted.proposing_unit_id,
        proposing_unit_name=submitted.proposing_unit_name,
        unit_path=path,
        level_unit_id=level,
        level_path=level_path,
        subject_kind=submitted.subject_kind,
        subject_name=submitted.subject_name,
        subject_unit_id=submitted.subject_unit_id,
        subject_position=submitted.subject_position,
        award_code=submitted.award_code,
        award_name=submitted.award_name,
        dossier_kind=submitted.dossier_kind,
        summary=submitted.summary,
        received_at=submitted.submitted_at,
        status="received",
        history=(Step("received", submitted.submitted_at, delivery.actor),),
        attachments=tuple(Attachment(**a.model_dump()) for a in submitted.attachments),
        initiatives=tuple(LinkedInitiative(**i.model_dump()) for i in submitted.initiatives),
        prior_awards=tuple(DeclaredAward(**a.model_dump()) for a in submitted.prior_awards),
    )


async def get_nomination(ctx: Context, principal: Principal, nomination_id: str) -> NominationRecord:
    """A nomination, for its level (and the levels above) or its proposing unit."""
    return (await visible_nomination(ctx, principal, nomination_id)).record


async def list_nominations(
    ctx: Context, principal: Principal, narrowed: NominationFilter, limit: int, skip: int
) -> Page[NominationRecord]:
    """Nominations the caller reaches: those received by its levels, or proposed by its own unit.

    A role for a unit also reaches the files of the units merged into it.
    """
    caller = as_successor(principal, await ctx.tree.tree())
    return await ctx.nominations.search(Reach.of(caller), narrowed, limit, skip)


async def return_nomination(
    ctx: Context, principal: Principal, nomination_id: str, reasons: Sequence[str]
) -> NominationRecord:
    """The level's standing office returns a received nomination with reasons the submitter can act on."""
    seen = await visible_nomination(ctx, principal, nomination_id)
    ensure_level_office(principal, seen, "trả lại hồ sơ")
    cleaned = check_return(seen.record.status, [nfc(r) for r in reasons])
    step = Step("returned", ctx.clock(), principal.subject, tuple(cleaned))
    await take_step(ctx, seen, Move(seen.record.moved(step), "received"))
    return await get_nomination(ctx, principal, nomination_id)
