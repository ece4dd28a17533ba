"""Who may do what: the caller's role bindings against the unit, in the tree of the round (ADR 0006)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from emutrack_kit.auth import Principal, Role, reaches_into
from emutrack_kit.errors import Forbidden, NotFound, Unprocessable
from registration.domain.dossiers import Dossier
from registration.domain.org import Unit
from registration.domain.rounds import Round
from registration.usecases.context import Context
from registration.usecases.lookups import known_round, known_unit, unit_paths

READERS = tuple(Role)
SUBMITTERS = (Role.UNIT_OFFICER, Role.ADMIN)


@dataclass(frozen=True)
class Scope:
    """A round, a unit the caller acts for in it, and the unit's path in the round's tree."""

    round: Round
    unit: Unit
    path: tuple[str, ...]


def forbidden_unit(unit_name: str, doing: str = "thực hiện thao tác này cho") -> Forbidden:
    """`403 FORBIDDEN_UNIT`: the caller's bindings do not reach the unit for what it is doing."""
    return Forbidden(
        "FORBIDDEN_UNIT", f"Tài khoản của bạn không có quyền {doing} đơn vị '{unit_name}'.", field="unit_id"
    )


_forbidden_dossier = functools.partial(forbidden_unit, doing="với hồ sơ của")


async def _scope_in(
    ctx: Context,
    principal: Principal,
    round_: Round,
    unit: Unit,
    roles: Iterable[Role],
    refuse: Callable[[str], Forbidden],
) -> Scope:
    """The unit's scope in the round once the caller holds one of `roles` for it (`refuse` says why not)."""
    path = await ctx.units.path_on(unit.unit_id, round_.opened_on)
    if not principal.may(roles, path):
        raise refuse(unit.name)
    if round_.receiving_unit_id not in path:
        raise Unprocessable(
            "UNIT_OUTSIDE_ROUND",
            f"Đơn vị '{unit.name}' không thuộc phạm vi của đợt '{round_.name}'.",
            field="unit_id",
        )
    return Scope(round_, unit, path)


async def scope(
    ctx: Context, principal: Principal, round_id: str, unit_id: str, roles: Iterable[Role] = SUBMITTERS
) -> Scope:
    """The round, the unit and its path once the caller may act for the unit in it (send its lists)."""
    round_ = await known_round(ctx, round_id)
    unit = await known_unit(ctx, unit_id)
    return await _scope_in(ctx, principal, round_, unit, roles, forbidden_unit)


async def authorize_submitter(ctx: Context, principal: Principal, round_id: str, unit_id: str) -> None:
    """The caller may send the unit's lists, forms and proposals in the round (its officer, an admin)."""
    await scope(ctx, principal, round_id, unit_id)


async def authorize_reader(ctx: Context, principal: Principal, round_id: str, unit_id: str) -> None:
    """The caller's bindings reach the unit, in the round's tree."""
    await scope(ctx, principal, round_id, unit_id, READERS)


async def drafting(ctx: Context, principal: Principal, round_id: str, unit_id: str) -> Scope:
    """The nomination round, the unit and its path, once the caller may draft the unit's dossiers."""
    round_ = await ctx.rounds.get(round_id)
    if round_ is None or round_.kind != "nomination":
        raise Unprocessable(
            "UNKNOWN_ROUND", f"Không có đợt đề nghị khen thưởng '{round_id}'.", field="round_id"
        )
    unit = await known_unit(ctx, unit_id, Unprocessable)
    return await _scope_in(ctx, principal, round_, unit, SUBMITTERS, _forbidden_dossier)


async def authorize_drafter(ctx: Context, principal: Principal, round_id: str, unit_id: str) -> None:
    """The caller may draft the unit's dossiers in the nomination round (its officer, an admin above)."""
    await drafting(ctx, principal, round_id, unit_id)


async def readable_dossier(
    ctx: Context, principal: Principal, dossier_id: str, roles: Iterable[Role]
) -> Dossier:
    """The dossier, if the caller holds one of `roles` for its unit."""
    dossier = await ctx.dossiers.get(dossier_id)
    if dossier is None:
        raise NotFound("UNKNOWN_DOSSIER", f"Không tìm thấy hồ sơ '{dossier_id}'.")
    if not principal.may(roles, dossier.unit_path):
        raise _forbidden_dossier(dossier.unit_name)
    return dossier


async def registrar(ctx: Context, principal: Principal, round_id: str, unit_id: str, *, late: bool) -> Scope:
    """The round, the unit and its path, once the caller may register for it (late: receive it)."""
    round_ = await known_round(ctx, round_id)
    unit = await known_unit(ctx, unit_id, Unprocessable)
    path = await ctx.units.path_on(unit.unit_id, round_.opened_on)
    if late:
        await receiving_office(ctx, principal, round_, "tiếp nhận đăng ký muộn của đợt này")
    elif not principal.may(SUBMITTERS, path):
        raise forbidden_unit(unit.name)
    return Scope(round_, unit, path)


async def authorize_registration(
    ctx: Context, principal: Principal, round_id: str, unit_id: str, *, late: bool = False
) -> None:
    """The caller may register the unit (its officer, an admin above; `late`: the receiving office)."""
    await registrar(ctx, principal, round_id, unit_id, late=late)


async def receiving_office(ctx: Context, principal: Principal, round_: Round, doing: str) -> None:
    """Refuse all but the round's receiving standing office (or an admin above): it alone may `doing`."""
    receiver_path = await ctx.units.path_on(round_.receiving_unit_id, round_.opened_on)
    if not (_holds_office(principal, round_.receiving_unit_id) or principal.may([Role.ADMIN], receiver_path)):
        raise Forbidden(
            "NOT_RECEIVING_OFFICE",
            f"Chỉ cơ quan thường trực Hội đồng TĐKT {round_.receiving_unit_name} mới được {doing}.",
            field="round_id",
        )


async def authorize_extension(ctx: Context, principal: Principal, round_id: str) -> None:
    """Only the round's receiving standing office (or an admin above it) extends a unit's deadline."""
    round_ = await known_round(ctx, round_id)
    await receiving_office(ctx, principal, round_, "gia hạn cho đơn vị trong đợt này")


def _not_level_office(unit: Unit) -> Forbidden:
    return Forbidden(
        "NOT_LEVEL_OFFICE",
        f"Chỉ cơ quan thường trực Hội đồng TĐKT {unit.name} mới được thực hiện thao tác này cho cấp đó.",
        field="unit_id",
    )


def _holds_office(principal: Principal, unit_id: str) -> bool:
    return any(b.role == Role.STANDING_OFFICE and b.unit_id == unit_id for b in principal.bindings)


async def level_office(
    ctx: Context, principal: Principal, unit_id: str, day: date
) -> tuple[Unit, tuple[str, ...]]:
    """The level acting on `day` and its path, if the caller is its standing office (or an admin above)."""
    unit = await ctx.units.get(unit_id)
    if unit is None or not unit.exists_on(day):
        raise Unprocessable(
            "UNKNOWN_UNIT",
            f"Không tìm thấy đơn vị '{unit_id}' đang hoạt động ngày {day:%d/%m/%Y}.",
            field="unit_id",
        )
    path = await ctx.units.path_on(unit_id, day)
    if not (_holds_office(principal, unit_id) or principal.may([Role.ADMIN], path)):
        raise _not_level_office(unit)
    return unit, path


async def authorize_level_office(ctx: Context, principal: Principal, unit_id: str) -> None:
    """The caller is the level's standing office, or an admin above it on some day of the level's life."""
    unit = await ctx.units.get(unit_id)
    if unit is None:
        return  # no level to refuse in the name of: the use case answers UNKNOWN_UNIT after validation
    paths = await unit_paths(ctx, unit_id)
    if not (_holds_office(principal, unit_id) or any(principal.may([Role.ADMIN], p) for p in paths)):
        raise _not_level_office(unit)


async def check_unit_filter(ctx: Context, principal: Principal, unit_id: str) -> None:
    """A list filtered by a unit answers only a caller whose bindings reach the unit or sit below it."""
    unit = await known_unit(ctx, unit_id)
    if not await reaches_into(principal, unit_id, functools.partial(unit_paths, ctx)):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không được xem danh sách của đơn vị '{unit.name}'.",
            field="unit_id",
        )
