"""Use case of restructuring the tree: merge, move or retire on a date (ADR 0018)."""

from __future__ import annotations

from dataclasses import dataclass

from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Conflict, Forbidden
from emutrack_kit.unit_of_work import Duplicate, StaleWrite, UnitOfWork
from registration.adapters.units import StoredUnit
from registration.domain.org import Merge, Move, Operation, Retire, Unit, involved
from registration.domain.restructure import (
    ONE_DAY,
    MergeSite,
    Step,
    correlation_id,
    plan_merge,
    plan_move,
    plan_retire,
    require_known,
)
from registration.domain.restructure import Context as Acting
from registration.usecases.context import SYSTEM_ACTOR, Context

RESTRUCTURERS = (Role.ADMIN,)


@dataclass(frozen=True)
class Outcome:
    """What a restructuring wrote (the same when replayed): units by id, then their events' types."""

    operation_id: str
    replayed: bool
    unit_ids: list[str]
    event_types: list[str]


async def restructure(
    ctx: Context, op: Operation, *, actor: str = SYSTEM_ACTOR, principal: Principal | None = None
) -> Outcome:
    """Merge, move or retire on a date; each unit is one write with its events; a re-run is a no-op.

    With a `principal`, the caller must hold ADMIN for a unit whose subtree holds every unit named.
    """
    new_id = op.new_unit.unit_id if isinstance(op, Merge) else None
    stored = await ctx.units.load([*involved(op).values(), *([new_id] if new_id else [])])
    units = {unit_id: s.unit for unit_id, s in stored.items()}
    require_known(op, units)
    if principal is not None:
        await _authorize(ctx, principal, op, units)
    steps, children = await _plan(ctx, op, stored, Acting(actor, ctx.now()))
    versions = {unit_id: s.version for unit_id, s in stored.items()}
    versions.update((c.unit.unit_id, c.version) for c in children)
    await _write(ctx, steps, versions)
    if steps:
        written = {s.unit.unit_id: [e.event_type for e in s.events] for s in steps}
    else:  # applied before: answer as the first time
        written = await ctx.units.written_by(op.operation_id, str(correlation_id(op.operation_id)))
    unit_ids = sorted(written)
    return Outcome(op.operation_id, not steps, unit_ids, [t for u in unit_ids for t in written[u]])


async def _plan(
    ctx: Context, op: Operation, stored: dict[str, StoredUnit], acting: Acting
) -> tuple[list[Step], list[StoredUnit]]:
    """The writes an operation makes, and the children it moves (read with their versions)."""
    day, units = op.effective_date, {unit_id: s.unit for unit_id, s in stored.items()}
    if isinstance(op, Move):
        return plan_move(op, units, await ctx.units.path_on(op.parent_id, day), acting), []
    if isinstance(op, Retire):
        attached = await ctx.units.children_on(op.unit_id, day)
        path = await ctx.units.path_on(op.unit_id, day - ONE_DAY)
        return plan_retire(op, units, [c.unit for c in attached], path, acting), attached
    children = []
    for source_id in op.source_ids:  # also of sources ended already: an interrupted run resumes
        children += await ctx.units.children_on(source_id, day)
    pending = [s for s in op.source_ids if op.operation_id not in units[s].ops]
    existing = stored.get(op.new_unit.unit_id)
    site = MergeSite(
        existing.unit if existing else None,
        await ctx.units.path_on(op.new_unit.parent_id, day),
        [c.unit for c in children],
        await ctx.units.paths_on(pending, day - ONE_DAY),
    )
    return plan_merge(op, units, site, acting), children


async def _authorize(ctx: Context, principal: Principal, op: Operation, units: dict[str, Unit]) -> None:
    for field_name, unit_id in involved(op).items():
        # Units are placed where they are the day before; a new parent where it is on the day.
        day = op.effective_date if field_name.endswith("parent_id") else op.effective_date - ONE_DAY
        unit = units[unit_id]
        if not principal.may(RESTRUCTURERS, await ctx.units.path_on(unit_id, unit.nearest_day(day))):
            raise Forbidden(
                "FORBIDDEN_UNIT",
                f"Tài khoản của bạn không có quyền thay đổi cơ cấu tổ chức của đơn vị '{unit.name}'.",
                field=field_name,
            )


async def _write(ctx: Context, steps: list[Step], versions: dict[str, int]) -> None:
    """Each step one write with its events, in order; a unit changed meanwhile stops the rest."""
    uow = UnitOfWork()
    for step in steps:
        if step.insert:
            ctx.units.add(uow, step.unit, step.events)
        else:
            ctx.units.update(uow, step.unit, versions[step.unit.unit_id], step.events)
    try:
        await uow.commit()
    except (Duplicate, StaleWrite) as exc:
        name = next(s.unit.name for s in steps if s.unit.unit_id == exc.key)
        raise Conflict(
            "CONCURRENT_CHANGE",
            f"Đơn vị '{name}' vừa được thay đổi bởi một thao tác khác; hãy gửi lại yêu cầu "
            "(phần đã thực hiện sẽ không bị lặp lại).",
            field="unit_id",
        ) from None
