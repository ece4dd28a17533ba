"""Use cases after submission: send a draft, approve, amend, withdraw; lists of registrations (ADR 0007)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from emutrack_kit.auth import Principal, Reach, Role
from emutrack_kit.errors import Conflict, NotFound
from emutrack_kit.repository import Page
from emutrack_kit.unit_of_work import Duplicate, StaleWrite, UnitOfWork
from registration.domain.lifecycle import Change, Transition, change, is_locked
from registration.domain.registrations import CollectiveRegistration, RegistrationFilter
from registration.domain.titles import title_for
from registration.usecases.access import forbidden_unit
from registration.usecases.context import Context

# Who may do what to a unit's registration (own unit, or an admin above it).
ACTORS: dict[Transition, tuple[Role, ...]] = {
    "submit": (Role.UNIT_OFFICER, Role.ADMIN),
    "approve": (Role.UNIT_HEAD, Role.ADMIN),
    "amend": (Role.UNIT_OFFICER, Role.ADMIN),
    "withdraw": (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.ADMIN),
}
# A draft is the unit's own until it is sent: only its officer, head or an admin above see it.
DRAFT_READERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.ADMIN)


@dataclass(frozen=True)
class RegistrationView:
    """A registration as read: `locked` once its round's deadline has passed (unless withdrawn)."""

    registration: CollectiveRegistration
    locked: bool


@dataclass(frozen=True)
class TransitionRequest:
    """What a unit asks of its registration: the transition, its reason, a new title to amend."""

    registration_id: str
    transition: Transition
    reason: str | None = None
    title_code: str | None = None


async def views(ctx: Context, registrations: Sequence[CollectiveRegistration]) -> list[RegistrationView]:
    """Each registration with its lock state (derived from the round's deadline, never stored)."""
    now = ctx.now()
    locked: dict[str, bool] = {}
    for r in registrations:
        if r.round_id not in locked:
            round_ = await ctx.rounds.get(r.round_id)
            locked[r.round_id] = round_ is not None and is_locked(round_, now)
    return [RegistrationView(r, locked[r.round_id] and r.status != "withdrawn") for r in registrations]


async def stored_registration(ctx: Context, registration_id: str) -> CollectiveRegistration:
    """A registration, or `404 UNKNOWN_REGISTRATION`."""
    registration = await ctx.registrations.get(registration_id)
    if registration is None:
        raise NotFound("UNKNOWN_REGISTRATION", f"Không tìm thấy bản đăng ký '{registration_id}'.")
    return registration


async def transition(ctx: Context, principal: Principal, request: TransitionRequest) -> RegistrationView:
    """Submit a draft, approve, amend or withdraw a registration before its round's deadline."""
    current = await stored_registration(ctx, request.registration_id)
    if not principal.may(ACTORS[request.transition], current.unit_path):
        raise forbidden_unit(current.unit_name)
    round_ = await ctx.rounds.get(current.round_id)
    assert round_ is not None, "a registration always belongs to a stored round"
    new_title = title_for(request.title_code, "collective") if request.title_code is not None else None
    asked = Change(request.transition, principal.subject, ctx.now(), request.reason, new_title)
    result = change(current, asked, round_)
    uow = UnitOfWork()
    ctx.registrations.change(uow, result)
    try:
        await uow.commit()
    except Duplicate:
        raise Conflict(
            "ALREADY_REGISTERED",
            f"Đơn vị '{current.unit_name}' đã đăng ký danh hiệu '{result.registration.title.name}' "
            "trong đợt này.",
            field="title_code",
        ) from None
    except StaleWrite:
        raise Conflict(
            "CONCURRENT_CHANGE", "Bản đăng ký vừa được người khác thay đổi; hãy tải lại và thử lại."
        ) from None
    [view] = await views(ctx, [await stored_registration(ctx, request.registration_id)])
    return view


async def list_registrations(
    ctx: Context, principal: Principal, wanted: RegistrationFilter, limit: int, skip: int
) -> Page[RegistrationView]:
    """Registrations within the caller's reach, filtered; `unit_id` selects a subtree."""
    found = await ctx.registrations.search(
        Reach.of(principal), Reach.of(principal, DRAFT_READERS), wanted, limit, skip
    )
    return Page(await views(ctx, found.items), found.total)
