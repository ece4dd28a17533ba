"""The records a use case starts from, or the domain error saying they do not exist."""

from __future__ import annotations

from emutrack_kit.errors import AppError, NotFound
from registration.domain.org import Unit
from registration.domain.rounds import Round
from registration.usecases.context import Context


async def known_round(ctx: Context, round_id: str) -> Round:
    """The round, or `404 UNKNOWN_ROUND`."""
    round_ = await ctx.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    return round_


async def known_unit(ctx: Context, unit_id: str, error: type[AppError] = NotFound) -> Unit:
    """The unit, or `UNKNOWN_UNIT` (404; or 422 where the unit is a field of what was sent)."""
    unit = await ctx.units.get(unit_id)
    if unit is None:
        raise error("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    return unit


async def unit_paths(ctx: Context, unit_id: str) -> list[tuple[str, ...]]:
    """Every path the unit had from the root (each parent link's first and last day, and today)."""
    unit = await ctx.units.get(unit_id)
    if unit is None:
        return []
    today = ctx.today()
    days = {unit.valid_from, min(today, unit.valid_to or today)}
    days |= {day for link in unit.parents for day in (link.valid_from, link.valid_to) if day is not None}
    return [await ctx.units.path_on(unit_id, day) for day in sorted(days)]
