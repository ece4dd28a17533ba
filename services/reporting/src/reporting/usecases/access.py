"""Who may read what in reporting: a unit's numbers, a round's coverage (docs/decisions/0006, 0019)."""

from __future__ import annotations

from datetime import date

from emutrack_kit.auth import ALL_ROLES, SUBTREE_ROLES, Principal
from emutrack_kit.errors import Forbidden, NotFound
from emutrack_kit.org_tree import Tree
from reporting.domain.coverage import Round
from reporting.domain.units import UnitOnDay, ever_above, unit_on
from reporting.usecases.context import Context


def _unknown_unit(unit_id: str) -> NotFound:
    return NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")


def _forbidden_unit(name: str) -> Forbidden:
    return Forbidden(
        "FORBIDDEN_UNIT", f"Tài khoản của bạn không được xem số liệu của đơn vị '{name}'.", field="unit_id"
    )


async def visible_unit(ctx: Context, caller: Principal, unit_id: str, day: date | None = None) -> UnitOnDay:
    """The unit on `day` (default today), if it is known and the caller's bindings reach it then."""
    unit = unit_on(await ctx.work.tree.tree(), unit_id, day or ctx.today())
    if unit is None:
        raise _unknown_unit(unit_id)
    if not caller.may(ALL_ROLES, unit.path):
        raise _forbidden_unit(unit.name)
    return unit


async def may_read_unit(ctx: Context, caller: Principal, unit_id: str) -> None:
    """Refuse a caller no binding of whom reaches the unit on any day, before its input is validated.

    The precise check (`visible_unit`, on the day of the period asked) follows once the input is
    valid; this one only lets through a caller holding the unit, or a subtree role at a unit it was
    ever under, so an outsider learns nothing from how its input would have been judged.
    """
    tree = await ctx.work.tree.tree()
    unit = tree.get(unit_id)
    if unit is None:
        raise _unknown_unit(unit_id)
    above = ever_above(tree, unit)
    if not any(
        b.unit_id == unit_id or (b.role in SUBTREE_ROLES and b.unit_id in above) for b in caller.bindings
    ):
        raise _forbidden_unit(unit.name)


async def visible_round(ctx: Context, caller: Principal, round_id: str) -> tuple[Round, Tree]:
    """The round and the tree, if the caller may drill into its receiving unit on the round's day."""
    round_ = await ctx.work.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    tree = await ctx.work.tree.tree()
    path = tree.path_on(round_.receiving_unit_id, round_.expected_on(ctx.today()))
    if not path or not caller.may(ALL_ROLES, path):
        raise Forbidden(
            "FORBIDDEN_UNIT", "Tài khoản của bạn không được xem số liệu của đợt này.", field="round_id"
        )
    return round_, tree


async def may_read_round(ctx: Context, caller: Principal, round_id: str) -> None:
    """Refuse a caller who may not see the round's coverage, before its input is validated."""
    await visible_round(ctx, caller, round_id)
