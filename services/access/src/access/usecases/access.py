"""Who may administer where: the unit as the tree shows it today (or on its last day)."""

from __future__ import annotations

from access.domain.bindings import ensure_may_administer
from access.usecases.context import Context
from emutrack_kit.auth import Principal
from emutrack_kit.errors import Unprocessable
from emutrack_kit.org_tree import TreeUnit


async def unit_and_path(ctx: Context, unit_id: str) -> tuple[TreeUnit, tuple[str, ...]]:
    """A known unit and its path on its nearest day to today."""
    tree = await ctx.tree.tree()
    unit = tree.get(unit_id)
    if unit is None:
        raise Unprocessable("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    return unit, tree.path_on(unit_id, unit.nearest_day(ctx.today()))


async def authorize_admin(ctx: Context, principal: Principal, unit_id: str) -> None:
    """The caller administers the unit (an admin of it or above); an unknown unit is left to validation."""
    tree = await ctx.tree.tree()
    unit = tree.get(unit_id)
    if unit is not None:
        ensure_may_administer(principal, unit, tree.path_on(unit_id, unit.nearest_day(ctx.today())))
