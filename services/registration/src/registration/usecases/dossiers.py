"""Use cases of nomination dossiers: draft, list, read, submit (ADR 0007, ADR 0009)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from emutrack_kit.auth import Principal, Reach
from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.idempotency import create_once, new_id, request_digest
from emutrack_kit.repository import Page
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import StaleWrite, UnitOfWork
from registration.domain.awards import award_for
from registration.domain.dossiers import (
    Dossier,
    DossierFilter,
    LinkedInitiative,
    PriorAward,
    Subject,
    check_deed,
    check_prior_awards,
    ensure_complete,
    ensure_editable,
    ensure_kind_of_round,
    submitted_event,
)
from registration.domain.history import HistoryEntry
from registration.domain.submissions import Initiative
from registration.usecases.access import READERS, SUBMITTERS, Scope, drafting, readable_dossier
from registration.usecases.context import Context


@dataclass(frozen=True)
class DraftDossier:
    """A unit's officer drafts a dossier: whom it proposes for which award, on what grounds."""

    round_id: str
    unit_id: str
    subject: Subject
    award_code: str
    dossier_kind: str
    summary: str
    initiative_ids: tuple[str, ...] = ()
    prior_awards: tuple[PriorAward, ...] = ()
    idempotency_key: str | None = None
    deed_on: date | None = None


async def create_dossier(ctx: Context, principal: Principal, command: DraftDossier) -> tuple[Dossier, bool]:
    """A unit's officer drafts a dossier in a nomination round; returns (dossier, created)."""
    found = await drafting(ctx, principal, command.round_id, command.unit_id)
    award = award_for(command.award_code, command.subject.kind)
    ensure_kind_of_round(command.dossier_kind, found.round.award_kind, found.round.name)
    deed_on = check_deed(command.dossier_kind, command.deed_on, ctx.today())
    subject_name, subject_unit_id = await _subject(ctx, found, command.subject)
    position = command.subject.position
    now = ctx.now()
    linked = await _linked_initiatives(ctx, command.unit_id, command.initiative_ids)
    dossier = Dossier(
        dossier_id=new_id("hs", principal.subject, command.idempotency_key),
        round_id=command.round_id,
        year=found.round.year,
        unit_id=command.unit_id,
        unit_name=found.unit.name,
        unit_path=found.path,
        receiving_unit_id=found.round.receiving_unit_id,
        award_code=award.code,
        award_name=award.name,
        dossier_kind=command.dossier_kind,
        summary=nfc(command.summary),
        initiatives=linked,
        prior_awards=check_prior_awards(command.prior_awards, ctx.today().year),
        status="draft",
        attachments=(),
        history=(HistoryEntry("draft", now, principal.subject),),
        created_at=now,
        subject_kind=command.subject.kind,
        subject_name=subject_name,
        subject_unit_id=subject_unit_id,
        subject_position=nfc(position) if position else None,
        deed_on=deed_on,
    )
    digest = request_digest({k: v for k, v in asdict(command).items() if k != "idempotency_key"})

    async def create() -> Dossier:
        uow = UnitOfWork()
        ctx.dossiers.add(uow, dossier, digest)
        await uow.commit()
        return dossier

    return await create_once(create, lambda: ctx.dossiers.created_by(dossier.dossier_id), digest)


async def _subject(ctx: Context, found: Scope, subject: Subject) -> tuple[str, str | None]:
    """Who is proposed (name, unit): the unit or one below it, or a person (then a name is needed)."""
    if subject.kind == "collective":
        unit = await ctx.units.get(subject.unit_id or found.unit.unit_id)
        if unit is None or found.unit.unit_id not in await ctx.units.path_on(
            unit.unit_id, found.round.opened_on
        ):
            raise Unprocessable(
                "SUBJECT_OUTSIDE_UNIT",
                "Tập thể được đề nghị phải là đơn vị đề nghị hoặc đơn vị trực thuộc.",
                field="subject.unit_id",
            )
        return unit.name, unit.unit_id
    if not subject.full_name:
        raise Unprocessable("MISSING_NAME", "Cần họ và tên cá nhân được đề nghị.", field="subject.full_name")
    return nfc(subject.full_name), None


async def _linked_initiatives(
    ctx: Context, unit_id: str, initiative_ids: Sequence[str]
) -> tuple[LinkedInitiative, ...]:
    """The initiatives a dossier relies on: proposed by the unit or below it, and not withdrawn."""
    linked = []
    for index, submission_id in enumerate(dict.fromkeys(initiative_ids)):
        found = await ctx.submissions.get(submission_id)
        if found is None or not isinstance(found.proposal, Initiative) or found.status == "withdrawn":
            raise Unprocessable(
                "UNKNOWN_INITIATIVE",
                f"Không có sáng kiến '{submission_id}'.",
                field=f"initiative_ids[{index}]",
            )
        if unit_id not in found.unit_path:
            raise Unprocessable(
                "INITIATIVE_OF_ANOTHER_UNIT",
                f"Sáng kiến '{found.proposal.title}' do {found.unit_name} đề nghị, không thuộc đơn vị này.",
                field=f"initiative_ids[{index}]",
            )
        linked.append(LinkedInitiative(submission_id, found.proposal.title, found.proposal.recognition_level))
    return tuple(linked)


async def list_dossiers(
    ctx: Context, principal: Principal, wanted: DossierFilter, limit: int, skip: int
) -> Page[Dossier]:
    """Dossiers the caller reaches; `unit_id` selects a subtree, `q` a subject name in any accents."""
    return await ctx.dossiers.search(Reach.of(principal), wanted, limit, skip)


async def get_dossier(ctx: Context, principal: Principal, dossier_id: str) -> Dossier:
    """A dossier with every status it passed through."""
    return await readable_dossier(ctx, principal, dossier_id, READERS)


async def submit_dossier(ctx: Context, principal: Principal, dossier_id: str) -> Dossier:
    """Send a complete dossier to the receiving level before the round's deadline."""
    dossier = await readable_dossier(ctx, principal, dossier_id, SUBMITTERS)
    ensure_editable(dossier.status)
    round_ = await ctx.rounds.get(dossier.round_id)
    assert round_ is not None
    now = ctx.now()
    round_.ensure_open(now, dossier.unit_id)
    ensure_complete([a.kind for a in dossier.attachments])
    check_deed(dossier.dossier_kind, dossier.deed_on, ctx.today())  # the window still open when it is sent
    uow = UnitOfWork()
    entry = HistoryEntry("submitted", now, principal.subject)
    ctx.dossiers.submit(uow, dossier, entry, submitted_event(dossier, principal.subject, now))
    try:
        await uow.commit()
    except StaleWrite:
        raise Conflict("CONCURRENT_CHANGE", "Hồ sơ vừa được thay đổi; hãy tải lại và thử lại.") from None
    stored = await ctx.dossiers.get(dossier_id)
    assert stored is not None
    return stored
