"""Use cases of the organisation tree: adding units, reading it on a date, restructuring it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from emutrack_kit.auth import Principal, Role
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Conflict, Forbidden, NotFound
from emutrack_kit.text import nfc
from registration.adapters.units import StoredUnit
from registration.domain.org import (
    MAX_SUCCESSORS,
    Absence,
    Merge,
    Move,
    Operation,
    Retire,
    Unit,
    involved,
)
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
    """A unit as the tree shows it on `on` (the day `asked`, or its last day if it had ended by then)."""

    unit: Unit
    on: date
    path: tuple[str, ...]
    asked: date
    successor_name: str | None = None

    @property
    def parent_id(self) -> str | None:
        """The parent on `on` (None for a root)."""
        return self.path[-2] if len(self.path) > 1 else None

    @property
    def label(self) -> str:
        """The name, with its last day if it had ended before the day asked."""
        return self.unit.label(self.asked)


@dataclass(frozen=True)
class Page:
    """One page of units, how many match in all, and how many of the matches had ended before the day."""

    items: list[UnitView]
    total: int
    ended: int = 0


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
    unit = await _known(deps, unit_id)
    asked = on or today(deps)
    await _require_exists(deps, unit, unit.nearest_day(asked) if on is None else on)
    return (await _views(deps, [unit], asked))[0]


async def search_units(
    deps: Deps,
    *,
    text: str,
    on: date | None,
    kind: str | None,
    parent_id: str | None,
    limit: int,
    skip: int,
    include_past: bool = False,
) -> Page:
    """Units existing on `on` (default today; `include_past`: also ended before) named `text`, sans marks."""
    day = on or today(deps)
    found = await deps.units.search(
        text=text, day=day, kind=kind, parent_id=parent_id, include_past=include_past, limit=limit, skip=skip
    )
    return Page(await _views(deps, found.units, day), found.total, found.ended)


async def children_of(deps: Deps, unit_id: str, on: date | None, limit: int, skip: int) -> Page:
    """Units directly under `unit_id` on `on` (default: the day `unit_on` would show the unit)."""
    unit = await _known(deps, unit_id)
    day = unit.nearest_day(today(deps)) if on is None else on
    await _require_exists(deps, unit, day)
    return await search_units(deps, text="", on=day, kind=None, parent_id=unit_id, limit=limit, skip=skip)


async def _known(deps: Deps, unit_id: str) -> Unit:
    unit = await deps.units.get(unit_id)
    if unit is None:
        raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    return unit


async def _require_exists(deps: Deps, unit: Unit, day: date) -> None:
    """Refuse a day the unit did not exist on, saying where it went or what it came from."""
    if unit.exists_on(day):
        return
    chain: list[Unit] = []
    current = unit
    while (next_id := current.successor_after(day)) and len(chain) < MAX_SUCCESSORS:
        successor = await deps.units.get(next_id)
        if successor is None or successor.unit_id in {unit.unit_id, *(u.unit_id for u in chain)}:
            break
        chain.append(successor)
        current = successor
    sources = await deps.units.merged_into(unit.unit_id) if day < unit.valid_from else []
    raise Absence(unit, day, tuple(chain), tuple(sources)).error()


async def _views(deps: Deps, units: list[Unit], asked: date) -> list[UnitView]:
    """Each unit on `asked`, or on its last (first) day if `asked` is after (before) it."""
    days = {u.unit_id: u.nearest_day(asked) for u in units}
    paths: dict[str, tuple[str, ...]] = {}
    for day in set(days.values()):
        paths |= await deps.units.paths_on([i for i, d in days.items() if d == day], day)
    names = await deps.units.names(u.successor_id for u in units if u.successor_id)
    return [
        UnitView(u, days[u.unit_id], paths[u.unit_id], asked, names.get(u.successor_id or "")) for u in units
    ]


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
