"""Use cases of collective registrations: register (or draft), accept a late one, read one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from emutrack_kit.idempotency import create_once, ensure_same_request, new_id, request_digest
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import Duplicate, UnitOfWork
from registration.domain.registrations import Application, CollectiveRegistration, submit_collective
from registration.domain.titles import TITLES, SubjectKind, Title, title_for
from registration.usecases.access import READERS, forbidden_unit, registrar
from registration.usecases.context import Context
from registration.usecases.lifecycle import DRAFT_READERS, RegistrationView, stored_registration, views


@dataclass(frozen=True)
class Register:
    """A unit registers for a collective title (a draft is only saved; `late_reason`: received late)."""

    round_id: str
    unit_id: str
    title_code: str
    draft: bool = False
    late_reason: str | None = None
    idempotency_key: str | None = None


async def submit_collective_registration(
    ctx: Context, principal: Principal, command: Register
) -> tuple[RegistrationView, bool]:
    """A unit's officer registers (or drafts) a collective title; returns (registration, created)."""
    return await _register(ctx, principal, replace(command, late_reason=None))


async def accept_late_registration(
    ctx: Context, principal: Principal, command: Register
) -> tuple[RegistrationView, bool]:
    """The receiving standing office accepts a registration after the deadline, with a reason."""
    return await _register(
        ctx, principal, replace(command, late_reason=nfc(command.late_reason or ""), draft=False)
    )


async def _register(ctx: Context, principal: Principal, command: Register) -> tuple[RegistrationView, bool]:
    late = command.late_reason is not None
    found = await registrar(ctx, principal, command.round_id, command.unit_id, late=late)
    registration_id = new_id("reg", principal.subject, command.idempotency_key)
    digest = request_digest({k: v for k, v in asdict(command).items() if k != "idempotency_key"})
    if command.idempotency_key:  # after authorization: a replay must not bypass it
        stored = await ctx.registrations.created_by(registration_id)
        if stored is not None:
            ensure_same_request(stored[1], digest)
            return (await views(ctx, [stored[0]]))[0], False
    application = Application(
        registration_id,
        found.unit,
        found.path,
        title_for(command.title_code, "collective"),
        principal.subject,
        command.late_reason,
        command.draft,
    )
    registration, event = submit_collective(application, found.round, _millis(ctx.now()))

    async def create() -> CollectiveRegistration:
        uow = UnitOfWork()
        ctx.registrations.add(uow, registration, event, digest)
        await uow.commit()
        return registration

    async def replayed() -> tuple[CollectiveRegistration, str | None] | None:
        return await ctx.registrations.created_by(registration_id) if command.idempotency_key else None

    try:
        stored_or_new, created = await create_once(create, replayed, digest)
    except Duplicate:
        raise Conflict(
            "ALREADY_REGISTERED",
            f"Đơn vị '{found.unit.name}' đã đăng ký danh hiệu '{registration.title.name}' trong đợt "
            f"'{found.round.name}'.",
            field="title_code",
        ) from None
    return (await views(ctx, [stored_or_new]))[0], created


def _millis(moment: datetime) -> datetime:
    # MongoDB stores milliseconds: truncate now so a replayed response equals the first.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


async def get_registration(ctx: Context, principal: Principal, registration_id: str) -> RegistrationView:
    """One registration, if the caller's bindings reach its unit (a draft: its own unit's people)."""
    registration = await stored_registration(ctx, registration_id)
    readers = DRAFT_READERS if registration.status == "draft" else READERS
    if not principal.may(readers, registration.unit_path):
        raise forbidden_unit(registration.unit_name)
    return (await views(ctx, [registration]))[0]


def titles(subject_kind: SubjectKind | None) -> list[Title]:
    """The titles one registers for (of one kind of subject, or all)."""
    return [t for t in TITLES.values() if subject_kind is None or t.subject_kind == subject_kind]
