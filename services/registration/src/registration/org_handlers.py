"""Use cases of the organisation tree: adding units, reading it on a date, restructuring it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from emutrack_kit.auth import Principal, Role
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Conflict, Forbidden, NotFound
from emutrack_kit.text import nfc
from registration.adapters.units import StoredUnit
from registration.domain.org import Merge, Move, Operation, Retire, Unit, involved
from registration.domain.restructure import (
    ONE_DAY,
    Context,
    Step,
    correlation_id,
    created_event,
    plan_merge,
    plan_move,
    plan_retire,
    require_known,
)
from registration.handlers import SYSTEM_ACTOR, Deps

RESTRUCTURERS = (Role.ADMIN,)


@dataclass(frozen=True)
class UnitView:
    """A unit as the tree shows it on `on`: its path from the root and its parent that day."""

    unit: Unit
    on: date
    path: tuple[str, ...]

    @property
    def parent_id(self) -> str | None:
        """The parent on `on` (None for a root)."""
        return self.path[-2] if len(self.path) > 1 else None


@dataclass(frozen=True)
class Page:
    """One page of units and how many match in all."""

    items: list[UnitView]
    total: int


@dataclass(frozen=True)
class Outcome:
    """What a restructuring wrote (the same when replayed): units by id, then their events' types."""

    operation_id: str
    replayed: bool
    unit_ids: list[str]
    event_types: list[str]


def today(deps: Deps) -> date:
    """Today's date in Hà Nội, by the injected clock."""
    return deps.clock().astimezone(HANOI).date()


async def add_unit(deps: Deps, unit: Unit) -> bool:
    """Add a unit of the tree (seeding); publishes `unit.created`."""
    unit = replace(unit, name=nfc(unit.name))
    path = await deps.units.path_on(unit.parent_on(unit.valid_from) or unit.unit_id, unit.valid_from)
    if unit.unit_id not in path:
        path = (*path, unit.unit_id)
    return await deps.units.add(unit, created_event(unit, path, Context(SYSTEM_ACTOR, deps.clock())))


async def unit_on(deps: Deps, unit_id: str, on: date | None) -> UnitView:
    """A unit and its path on `on` (default: today, or its last day if it no longer exists)."""
    unit = await deps.units.get(unit_id)
    if unit is None:
        raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    day = unit.nearest_day(today(deps)) if on is None else on
    if not unit.exists_on(day):
        until = f" đến ngày {unit.valid_to:%d/%m/%Y}" if unit.valid_to else ""
        raise NotFound(
            "UNIT_NOT_VALID_ON",
            f"Đơn vị '{unit.name}' không hoạt động vào ngày {day:%d/%m/%Y} (hoạt động từ ngày "
            f"{unit.valid_from:%d/%m/%Y}{until}).",
            field="on",
            details={"valid_from": unit.valid_from.isoformat(), "valid_to": _iso(unit.valid_to)},
        )
    return UnitView(unit, day, await deps.units.path_on(unit_id, day))


async def search_units(
    deps: Deps, *, text: str, on: date | None, kind: str | None, parent_id: str | None, limit: int, skip: int
) -> Page:
    """Units existing on `on` (default today) whose name contains `text`, ignoring case and marks."""
    day = on or today(deps)
    units, total = await deps.units.search(
        text=text, day=day, kind=kind, parent_id=parent_id, limit=limit, skip=skip
    )
    paths = await deps.units.paths_on([u.unit_id for u in units], day)
    return Page([UnitView(u, day, paths[u.unit_id]) for u in units], total)


async def children_of(deps: Deps, unit_id: str, on: date | None, limit: int, skip: int) -> Page:
    """Units directly under `unit_id` on `on` (default today)."""
    if await deps.units.get(unit_id) is None:
        raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    return await search_units(deps, text="", on=on, kind=None, parent_id=unit_id, limit=limit, skip=skip)


async def restructure(
    deps: Deps, op: Operation, *, actor: str = SYSTEM_ACTOR, principal: Principal | None = None
) -> Outcome:
    """Merge, move or retire on a date; each unit is one write with its events; a re-run is a no-op.

    With a `principal`, the caller must hold ADMIN for a unit whose subtree holds every unit named.
    """
    day = op.effective_date
    new_id = op.new_unit.unit_id if isinstance(op, Merge) else None
    stored = await deps.units.load([*involved(op).values(), *([new_id] if new_id else [])])
    units = {unit_id: s.unit for unit_id, s in stored.items()}
    require_known(op, units)
    if principal is not None:
        await _authorize(deps, principal, op, units)
    ctx = Context(actor, deps.clock())
    children: list[StoredUnit] = []
    if isinstance(op, Move):
        steps = plan_move(op, units, await deps.units.path_on(op.parent_id, day), ctx)
    elif isinstance(op, Retire):
        children = await deps.units.children_on(op.unit_id, day)
        path = await deps.units.path_on(op.unit_id, day - ONE_DAY)
        steps = plan_retire(op, units, [c.unit for c in children], path, ctx)
    else:
        for source_id in op.source_ids:  # also of sources ended already: an interrupted run resumes
            children += await deps.units.children_on(source_id, day)
        pending = [s for s in op.source_ids if op.operation_id not in units[s].ops]
        existing = stored.get(op.new_unit.unit_id)
        steps = plan_merge(
            op,
            units,
            existing.unit if existing else None,
            await deps.units.path_on(op.new_unit.parent_id, day),
            [c.unit for c in children],
            await deps.units.paths_on(pending, day - ONE_DAY),
            ctx,
        )
    versions = {unit_id: s.version for unit_id, s in stored.items()}
    versions.update((c.unit.unit_id, c.version) for c in children)
    for step in steps:
        await _write(deps, step, versions)
    if steps:
        written = {s.unit.unit_id: [e.event_type for e in s.events] for s in steps}
    else:  # applied before: answer as the first time
        written = await deps.units.written_by(op.operation_id, str(correlation_id(op.operation_id)))
    unit_ids = sorted(written)
    return Outcome(op.operation_id, not steps, unit_ids, [t for u in unit_ids for t in written[u]])


async def _authorize(deps: Deps, principal: Principal, op: Operation, units: dict[str, Unit]) -> None:
    for field_name, unit_id in involved(op).items():
        # Units are placed where they are the day before; a new parent where it is on the day.
        day = op.effective_date if field_name.endswith("parent_id") else op.effective_date - ONE_DAY
        unit = units[unit_id]
        if not principal.may(RESTRUCTURERS, await deps.units.path_on(unit_id, unit.nearest_day(day))):
            raise Forbidden(
                "FORBIDDEN_UNIT",
                f"Tài khoản của bạn không có quyền thay đổi cơ cấu tổ chức của đơn vị '{unit.name}'.",
                field=field_name,
            )


async def _write(deps: Deps, step: Step, versions: dict[str, int]) -> None:
    unit = step.unit
    if step.insert:
        written = await deps.units.add(unit, step.events[0], *step.events[1:])
    else:
        written = await deps.units.update(unit, versions[unit.unit_id], step.events)
    if not written:
        raise Conflict(
            "CONCURRENT_CHANGE",
            f"Đơn vị '{unit.name}' vừa được thay đổi bởi một thao tác khác; hãy gửi lại yêu cầu "
            "(phần đã thực hiện sẽ không bị lặp lại).",
            field="unit_id",
        )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
