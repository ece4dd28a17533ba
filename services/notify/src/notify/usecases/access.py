"""Who may do what in notify: authorization in the domain's terms, shared by the use cases.

Roles are bound to units and reach their subtree or their own unit (docs/decisions/0006).

A unit is placed by the tree replica on today's tree (a unit that ended is read on its last day);
a unit the tree never named is not found.
"""

from __future__ import annotations

from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Forbidden, NotFound
from emutrack_kit.org_tree import TreeUnit
from notify.domain.routing import Recipient
from notify.usecases.context import Context

UNIT_KEEPERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.STANDING_OFFICE, Role.ADMIN)
PORTAL_KEEPERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.ADMIN)
OFFICES = (Role.STANDING_OFFICE, Role.ADMIN)


async def known_unit(ctx: Context, unit_id: str) -> tuple[TreeUnit, tuple[str, ...]]:
    """The unit and its path from the root on today's tree; NotFound if the tree never named it."""
    tree = await ctx.tree.tree()
    unit = tree.get(unit_id)
    if unit is None:
        raise NotFound("UNKNOWN_UNIT", "Không tìm thấy đơn vị này.", field="unit_id")
    return unit, tree.path_on(unit_id, ctx.today())


async def _require(ctx: Context, principal: Principal, roles: tuple[Role, ...], unit_id: str) -> None:
    unit, path = await known_unit(ctx, unit_id)
    if not principal.may(roles, path):
        name = unit.name or "đơn vị này"
        raise Forbidden(
            "FORBIDDEN", f"Bạn không có quyền thực hiện thao tác này cho {name}.", field="unit_id"
        )


async def authorize_keeper(ctx: Context, principal: Principal, unit_id: str) -> None:
    """The caller keeps the unit's contacts (its officer or head, an office or admin above)."""
    await _require(ctx, principal, UNIT_KEEPERS, unit_id)


async def authorize_portal(ctx: Context, principal: Principal, unit_id: str) -> None:
    """The caller subscribes the unit's own portal (its officer or head, or an admin)."""
    await _require(ctx, principal, PORTAL_KEEPERS, unit_id)


async def authorize_office(ctx: Context, principal: Principal, unit_id: str) -> None:
    """The caller is a standing office (or admin) whose subtree holds the unit."""
    await _require(ctx, principal, OFFICES, unit_id)


async def authorize_chooser(ctx: Context, principal: Principal, unit_id: str, role: str) -> None:
    """The caller holds `role` at the unit, or heads it."""
    await known_unit(ctx, unit_id)
    holds = any(
        b.unit_id == unit_id and b.role.value in (role, Role.UNIT_HEAD.value) for b in principal.bindings
    )
    if not holds:
        raise Forbidden(
            "FORBIDDEN", "Chỉ người giữ vai trò này (hoặc thủ trưởng đơn vị) được đổi.", field="role"
        )


def inbox_recipients(principal: Principal) -> list[str]:
    """The inboxes the caller reads: one per role it holds at a unit."""
    return [Recipient(b.role.value, b.unit_id).key for b in principal.bindings]


def roles_held(principal: Principal, unit_id: str) -> list[str]:
    """The roles the caller holds at the unit itself."""
    return sorted({b.role.value for b in principal.bindings if b.unit_id == unit_id})
