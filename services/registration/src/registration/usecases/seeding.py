"""What the seed asks of the service: rounds and movements from the plans, written as the system."""

from __future__ import annotations

from emutrack_kit.unit_of_work import UnitOfWork
from registration.domain.movements import Movement, launched_event
from registration.domain.rounds import Round, opened_event
from registration.usecases.commits import commit_if_new
from registration.usecases.context import SYSTEM_ACTOR, Context


async def open_round(ctx: Context, round_: Round, actor: str = SYSTEM_ACTOR) -> bool:
    """Open a round from seed data, publishing `round.opened`; False (nothing changed) if it exists.

    An existing round keeps its deadline: an office may have closed or extended it since.
    """
    path = await ctx.units.path_on(round_.receiving_unit_id, round_.opened_on)
    if not path:
        raise ValueError(f"receiving unit {round_.receiving_unit_id} of round {round_.round_id} is unknown")
    uow = UnitOfWork()
    ctx.rounds.add(uow, round_, opened_event(round_, path, actor))
    return await commit_if_new(uow)


async def announce_movement(ctx: Context, movement: Movement, actor: str = SYSTEM_ACTOR) -> bool:
    """Store a movement from seed data and publish it; False if it already exists."""
    path = await ctx.units.path_on(movement.launching_unit_id, movement.starts_on)
    uow = UnitOfWork()
    ctx.movements.add(uow, movement, launched_event(movement, path, actor), "seed")
    return await commit_if_new(uow)
