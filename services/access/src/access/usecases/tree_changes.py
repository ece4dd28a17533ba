"""Use cases of the tree's changes: bindings end with their unit; the unit that took over sees them."""

from __future__ import annotations

from access.domain.bindings import Binding, ended_with_unit, ensure_may_administer
from access.usecases.access import unit_and_path
from access.usecases.context import Context
from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.access import BindingEnded
from emutrack_kit.auth import Principal
from emutrack_kit.unit_of_work import UnitOfWork

SYSTEM = "system:access"


async def follow_tree(ctx: Context, envelope: Envelope) -> None:
    """Fold a `unit.*` event into the tree; a unit that ended ends its bindings on its last day."""
    await ctx.tree.apply(envelope)
    if envelope.event_type != "unit.retired":
        return
    tree = await ctx.tree.tree()
    unit = tree.get(str(envelope.payload["unit_id"]))
    if unit is None:
        return
    path = tree.path_on(unit.unit_id, unit.nearest_day(ctx.today()))
    for binding in await ctx.bindings.open_at(unit.unit_id):
        after = ended_with_unit(binding, unit)
        if after is None or after.ended_on is None:
            continue
        payload = BindingEnded(
            binding_id=binding.binding_id, subject=binding.subject, role=binding.role.value,
            unit_id=binding.unit_id, last_day=after.ended_on, successor_id=after.successor_id,
            ended_at=ctx.clock(),
        )  # fmt: skip
        uow = UnitOfWork()
        ctx.bindings.change(
            uow,
            binding,
            after,
            new_event("binding.ended", unit_path=list(path), actor=SYSTEM, payload=payload),
        )
        await uow.commit()


async def to_grant_again(ctx: Context, principal: Principal, unit_id: str) -> list[Binding]:
    """Bindings that ended because their unit merged into this unit or one below it."""
    unit, path = await unit_and_path(ctx, unit_id)
    ensure_may_administer(principal, unit, path)
    tree = await ctx.tree.tree()
    below = [
        u.unit_id
        for u in tree.units.values()
        if unit_id in tree.path_on(u.unit_id, u.nearest_day(ctx.today()))
    ]
    return await ctx.bindings.ended_into(below)
