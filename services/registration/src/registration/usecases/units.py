"""Use cases of the organisation tree: add a unit, read it on a date, search it (ADR 0018)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import UnitOfWork
from registration.domain.org import MAX_SUCCESSORS, Absence, Unit, UnitSearch
from registration.domain.restructure import Context as Acting
from registration.domain.restructure import created_event
from registration.usecases.commits import commit_if_new
from registration.usecases.context import SYSTEM_ACTOR, Context
from registration.usecases.lookups import known_unit


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
class UnitPage:
    """One page of units, how many match in all, and how many of the matches had ended before the day."""

    items: list[UnitView]
    total: int
    ended: int = 0


async def add_unit(ctx: Context, unit: Unit) -> bool:
    """Add a unit of the tree (seeding); publishes `unit.created`; False if it exists."""
    unit = replace(unit, name=nfc(unit.name))
    path = await ctx.units.path_on(unit.parent_on(unit.valid_from) or unit.unit_id, unit.valid_from)
    if unit.unit_id not in path:
        path = (*path, unit.unit_id)
    uow = UnitOfWork()
    ctx.units.add(uow, unit, [created_event(unit, path, Acting(SYSTEM_ACTOR, ctx.now()))])
    return await commit_if_new(uow)


async def unit_on(ctx: Context, unit_id: str, on: date | None) -> UnitView:
    """A unit and its path on `on` (default: today, or its last day if it no longer exists)."""
    unit = await known_unit(ctx, unit_id)
    asked = on or ctx.today()
    await _require_exists(ctx, unit, unit.nearest_day(asked) if on is None else on)
    return (await _views(ctx, [unit], asked))[0]


async def search_units(ctx: Context, wanted: UnitSearch, limit: int, skip: int) -> UnitPage:
    """Units existing on `on` (default today; `include_past`: also ended before) named `text`, sans marks."""
    day = wanted.on or ctx.today()
    found = await ctx.units.search(wanted, day, limit, skip)
    return UnitPage(await _views(ctx, found.units, day), found.total, found.ended)


async def children_of(ctx: Context, unit_id: str, on: date | None, limit: int, skip: int) -> UnitPage:
    """Units directly under `unit_id` on `on` (default: the day `unit_on` would show the unit)."""
    unit = await known_unit(ctx, unit_id)
    day = unit.nearest_day(ctx.today()) if on is None else on
    await _require_exists(ctx, unit, day)
    return await search_units(ctx, UnitSearch(on=day, parent_id=unit_id), limit, skip)


async def _require_exists(ctx: Context, unit: Unit, day: date) -> None:
    """Refuse a day the unit did not exist on, saying where it went or what it came from."""
    if unit.exists_on(day):
        return
    chain: list[Unit] = []
    current = unit
    while (next_id := current.successor_after(day)) and len(chain) < MAX_SUCCESSORS:
        successor = await ctx.units.get(next_id)
        if successor is None or successor.unit_id in {unit.unit_id, *(u.unit_id for u in chain)}:
            break
        chain.append(successor)
        current = successor
    sources = await ctx.units.merged_into(unit.unit_id) if day < unit.valid_from else []
    raise Absence(unit, day, tuple(chain), tuple(sources)).error()


async def _views(ctx: Context, units: list[Unit], asked: date) -> list[UnitView]:
    """Each unit on `asked`, or on its last (first) day if `asked` is after (before) it."""
    days = {u.unit_id: u.nearest_day(asked) for u in units}
    paths: dict[str, tuple[str, ...]] = {}
    for day in set(days.values()):
        paths |= await ctx.units.paths_on([i for i, d in days.items() if d == day], day)
    names = await ctx.units.names(u.successor_id for u in units if u.successor_id)
    return [
        UnitView(u, days[u.unit_id], paths[u.unit_id], asked, names.get(u.successor_id or "")) for u in units
    ]
