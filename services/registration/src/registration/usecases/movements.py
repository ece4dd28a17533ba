"""Use cases of movements (phong trào thi đua): a level launches one for its subtree; anyone reads them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound
from emutrack_kit.idempotency import create_once, new_id, request_digest
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import UnitOfWork
from registration.domain.movements import Movement, MovementKind, Target, launched_event
from registration.usecases.access import level_office
from registration.usecases.context import Context
from registration.usecases.lookups import known_unit


@dataclass(frozen=True)
class LaunchMovement:
    """A level launches a movement: its theme, criteria, period and targets."""

    launching_unit_id: str
    name: str
    kind: MovementKind
    theme: str
    criteria: tuple[str, ...]
    starts_on: date
    ends_on: date
    targets: tuple[Target, ...] = ()
    idempotency_key: str | None = None


async def launch_movement(
    ctx: Context, principal: Principal, command: LaunchMovement
) -> tuple[Movement, bool]:
    """A level launches a movement for its subtree (`movement.launched`); returns (movement, created)."""
    unit, path = await level_office(ctx, principal, command.launching_unit_id, command.starts_on)
    digest = request_digest({k: v for k, v in asdict(command).items() if k != "idempotency_key"})
    movement = Movement(
        movement_id=new_id("mv", principal.subject, command.idempotency_key),
        name=nfc(command.name),
        kind=command.kind,
        launching_unit_id=unit.unit_id,
        launching_unit_name=unit.name,
        theme=nfc(command.theme),
        criteria=tuple(nfc(c) for c in command.criteria),
        starts_on=command.starts_on,
        ends_on=command.ends_on,
        targets=tuple(replace(t, description=nfc(t.description)) for t in command.targets),
    )

    async def create() -> Movement:
        uow = UnitOfWork()
        ctx.movements.add(uow, movement, launched_event(movement, path, principal.subject), digest)
        await uow.commit()
        return movement

    return await create_once(create, lambda: ctx.movements.created_by(movement.movement_id), digest)


async def movements_for(ctx: Context, unit_id: str | None, year: int | None) -> list[Movement]:
    """Movements running in a year; for a unit, those launched by it or a level above it."""
    if unit_id is None:
        return await ctx.movements.launched_by(None, year)
    await known_unit(ctx, unit_id)
    day = date(year, 12, 31) if year else ctx.today()
    return await ctx.movements.launched_by(await ctx.units.path_on(unit_id, day), year)


async def get_movement(ctx: Context, movement_id: str) -> Movement:
    """One movement (movements are public announcements of a level)."""
    movement = await ctx.movements.get(movement_id)
    if movement is None:
        raise NotFound("UNKNOWN_MOVEMENT", f"Không tìm thấy phong trào '{movement_id}'.", field="movement_id")
    return movement
