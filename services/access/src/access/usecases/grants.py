"""Use cases of granting and revoking roles, and reading who holds what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from access.domain.bindings import Binding, BindingSearch, Grant, ensure_may_administer, granted, revoked
from access.usecases.access import unit_and_path
from access.usecases.context import Context
from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.access import BindingGranted, BindingRevoked
from emutrack_kit.auth import Principal, Reach, Role
from emutrack_kit.errors import NotFound
from emutrack_kit.idempotency import create_once, new_id, request_digest
from emutrack_kit.repository import Page
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import StaleWrite, UnitOfWork


async def grant(ctx: Context, principal: Principal, request: Grant, key: str | None = None) -> Binding:
    """An admin grants a role within its subtree (once per Idempotency-Key); `binding.granted` tells all."""
    unit, path = await unit_and_path(ctx, request.unit_id)
    ensure_may_administer(principal, unit, path)
    return await _grant(ctx, principal, request, key)


async def grant_as_operator(ctx: Context, operator: str, request: Grant) -> Binding:
    """An operator grants from the command line (the first admin, the demo accounts); rules still hold."""
    return await _grant(ctx, Principal(subject=f"operator:{operator}", bindings=()), request)


async def _grant(ctx: Context, principal: Principal, request: Grant, key: str | None = None) -> Binding:
    unit, path = await unit_and_path(ctx, request.unit_id)
    request = Grant(
        nfc(request.subject), nfc(request.subject_name), request.role, request.unit_id,
        request.valid_from, request.valid_to, nfc(request.reason),
    )  # fmt: skip
    binding = granted(request, unit, path, principal, new_id("bd", principal.subject, key), ctx.clock())
    digest = request_digest(asdict(request))

    async def create() -> Binding:
        uow = UnitOfWork()
        ctx.bindings.add(uow, binding, path, _granted_event(binding, path), digest)
        await uow.commit()
        return binding

    first, _ = await create_once(create, lambda: ctx.bindings.with_digest(binding.binding_id), digest)
    return first


async def revoke(
    ctx: Context, principal: Principal, binding_id: str, reason: str, key: str | None = None
) -> Binding:
    """An admin of the binding's unit (or above) ends it now (once per Idempotency-Key); `binding.revoked`."""
    binding = await _binding(ctx, binding_id)
    unit, path = await unit_and_path(ctx, binding.unit_id)
    ensure_may_administer(principal, unit, path)
    mark = request_digest([principal.subject, key, nfc(reason)]) if key else ""
    if mark and await ctx.bindings.revoke_mark(binding_id) == mark:
        return binding
    after = revoked(binding, principal.subject, nfc(reason), ctx.clock())
    assert after.revoked_at is not None
    payload = BindingRevoked(
        binding_id=binding_id, subject=binding.subject, role=binding.role.value, unit_id=binding.unit_id,
        revoked_by=principal.subject, reason=after.revoke_reason or "", revoked_at=after.revoked_at,
    )  # fmt: skip
    event = new_event("binding.revoked", unit_path=list(path), actor=principal.subject, payload=payload)
    uow = UnitOfWork()
    ctx.bindings.change(uow, binding, after, event, mark)
    try:
        await uow.commit()
    except StaleWrite:  # revoked or ended meanwhile (the other click of a double click): judge it again
        return await revoke(ctx, principal, binding_id, reason, key)
    return after


async def bindings_within(
    ctx: Context, principal: Principal, wanted: BindingSearch, limit: int, skip: int
) -> Page[Binding]:
    """The bindings an admin sees in its subtrees (of one unit's subtree, one subject, or named like `q`)."""
    if wanted.unit_id is not None:
        unit, path = await unit_and_path(ctx, wanted.unit_id)
        ensure_may_administer(principal, unit, path)
    return await ctx.bindings.search(Reach.of(principal, [Role.ADMIN]), wanted, limit, skip)


async def my_bindings(ctx: Context, principal: Principal) -> list[Binding]:
    """The caller's own bindings, with their whole story."""
    return await ctx.bindings.of_subject(principal.subject)


async def get_binding(ctx: Context, principal: Principal, binding_id: str) -> Binding:
    """One binding, to its subject or an admin of its unit."""
    binding = await _binding(ctx, binding_id)
    if binding.subject != principal.subject:
        unit, path = await unit_and_path(ctx, binding.unit_id)
        ensure_may_administer(principal, unit, path)
    return binding


async def _binding(ctx: Context, binding_id: str) -> Binding:
    binding = await ctx.bindings.get(binding_id)
    if binding is None:
        raise NotFound("UNKNOWN_BINDING", f"Không tìm thấy quyền '{binding_id}'.", field="binding_id")
    return binding


def _granted_event(b: Binding, path: Sequence[str]) -> Envelope:
    payload = BindingGranted(
        binding_id=b.binding_id, subject=b.subject, subject_name=b.subject_name, role=b.role.value,
        unit_id=b.unit_id, unit_name=b.unit_name, valid_from=b.valid_from, valid_to=b.valid_to,
        granted_by=b.granted_by, reason=b.reason, granted_at=b.granted_at,
    )  # fmt: skip
    return new_event("binding.granted", unit_path=list(path), actor=b.granted_by, payload=payload)
