"""Who may do what with nominations, councils, decisions and rule sets (authorization in domain terms).

The tree of the day decides: a nomination is read by the subtrees of its level and of its unit as
they were when it arrived and as they are today (a role for a unit also holds for the units merged
into it), and acted on by its level's office (or the office of the level standing for it since a
merge).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from emutrack_kit.auth import SUBTREE_ROLES, Principal, Role, reaches_into
from emutrack_kit.errors import Forbidden, NotFound
from review.usecases.context import Context
from review.usecases.nomination_views import Placed, placed
from review.usecases.tree import as_successor, unit_path_today

ALL_ROLES = tuple(Role)
OFFICE = (Role.STANDING_OFFICE, Role.ADMIN)
VOTERS = (Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR)
CHAIRING = (Role.STANDING_OFFICE, Role.ADMIN, Role.COUNCIL_CHAIR)


def bound_to(principal: Principal, unit_id: str, roles: Iterable[Role]) -> bool:
    """True if the caller holds one of `roles` for exactly this unit."""
    allowed = set(roles)
    return any(b.unit_id == unit_id and b.role in allowed for b in principal.bindings)


async def visible_nomination(ctx: Context, principal: Principal, nomination_id: str) -> Placed:
    """A nomination, for its level (and the levels above) or its unit; NotFound, or Forbidden."""
    record = await ctx.nominations.get(nomination_id)
    if record is None:
        raise NotFound("UNKNOWN_NOMINATION", f"Không tìm thấy hồ sơ đề nghị '{nomination_id}'.")
    seen = await placed(ctx, record)
    caller = as_successor(principal, await ctx.tree.tree())
    levels, units = (record.level_path, seen.level_path), (record.unit_path, seen.unit_path)
    if not (_covers(caller, SUBTREE_ROLES, levels) or _covers(caller, ALL_ROLES, units)):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không có quyền xem hồ sơ của {record.proposing_unit_name}.",
            field="unit_id",
        )
    return seen


def _covers(principal: Principal, roles: Iterable[Role], paths: Iterable[Sequence[str]]) -> bool:
    return any(principal.may(roles, path) for path in paths)


def ensure_level_office(principal: Principal, seen: Placed, act: str) -> None:
    """Only the nomination's level's own standing office (or an admin covering the level) may `act`."""
    levels = {seen.record.level_unit_id, seen.level_path[-1]}
    _ensure_office_of(principal, levels, (seen.record.level_path, seen.level_path), act)


def _ensure_office_of(
    principal: Principal, levels: set[str], paths: Iterable[Sequence[str]], act: str
) -> None:
    own = any(b.role == Role.STANDING_OFFICE and b.unit_id in levels for b in principal.bindings)
    if not (own or _covers(principal, [Role.ADMIN], paths)):
        raise Forbidden(
            "NOT_LEVEL_OFFICE",
            f"Chỉ cơ quan thường trực Hội đồng TĐKT của cấp tiếp nhận mới được {act}.",
            field="nomination_id",
        )


async def authorize_round(ctx: Context, principal: Principal, level_unit_id: str) -> None:
    """The caller is the level's own standing office (or an admin covering the level)."""
    path = await unit_path_today(ctx, level_unit_id)
    _ensure_office_of(principal, {level_unit_id}, [path], "thẩm định hồ sơ này")


async def check_level_filter(ctx: Context, principal: Principal, level_unit_id: str) -> None:
    """A list filtered by a level answers only a caller whose bindings reach the level or sit below it."""
    tree = await ctx.tree.tree()
    if await reaches_into(as_successor(principal, tree), level_unit_id, functools.partial(_paths_of, ctx)):
        return
    unit = tree.get(level_unit_id)
    name = unit.name if unit and unit.name else "cấp này"
    raise Forbidden(
        "FORBIDDEN_UNIT", f"Tài khoản của bạn không được xem hồ sơ đề nghị tại {name}.", field="level_unit_id"
    )


async def _paths_of(ctx: Context, unit_id: str) -> list[tuple[str, ...]]:
    return [await unit_path_today(ctx, unit_id)]


async def authorize_chair(_: Context, principal: Principal, level_unit_id: str) -> None:
    """The caller chairs the level's council (only the chair signs its decisions)."""
    if not bound_to(principal, level_unit_id, [Role.COUNCIL_CHAIR]):
        raise Forbidden(
            "NOT_LEVEL_COUNCIL", "Chỉ Chủ tịch Hội đồng của cấp này mới ký quyết định.", field="level_unit_id"
        )


def ensure_council_role(principal: Principal, level: str, roles: Iterable[Role], what: str) -> None:
    """The caller holds one of `roles` for the level itself (its council's business is done by its own)."""
    if not bound_to(principal, level, roles):
        raise Forbidden(
            "NOT_LEVEL_COUNCIL", f"Chỉ {what} của cấp này mới được thực hiện thao tác này.", field="level"
        )


async def authorize_office(_: Context, principal: Principal, level: str) -> None:
    """The caller is the level's own standing office (or an admin bound to it)."""
    ensure_council_role(principal, level, OFFICE, "cơ quan thường trực")


async def ensure_city_office(
    ctx: Context, principal: Principal, doing: str = "sửa bộ quy tắc xét khen thưởng", field: str = "award"
) -> None:
    """The caller is a standing office (or admin) of the city: it alone revises rule sets and days off."""
    tree = await ctx.tree.tree()
    for binding in principal.bindings:
        unit = tree.get(binding.unit_id)
        if binding.role in OFFICE and unit is not None and unit.kind == "city":
            return
    raise Forbidden(
        "NOT_CITY_OFFICE",
        f"Chỉ cơ quan thường trực Hội đồng TĐKT Thành phố mới {doing}.",
        field=field,
    )
