"""Use cases of rounds (đợt): a level opens one with a deadline and may move it; anyone reads them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from emutrack_kit.idempotency import create_once, new_id, request_digest
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import StaleWrite, UnitOfWork
from registration.domain.movements import RoundPlan, moved_round, plan_round
from registration.domain.rounds import Round, RoundKind, opened_event
from registration.usecases.access import level_office
from registration.usecases.context import SYSTEM_ACTOR, Context
from registration.usecases.lookups import known_round, known_unit
from registration.usecases.movements import get_movement


@dataclass(frozen=True)
class OpenRound:
    """A level opens a round: what it receives, for which year (or period), until which day."""

    receiving_unit_id: str
    name: str
    kind: RoundKind
    year: int
    opened_on: date
    deadline: date
    movement_id: str | None = None
    award_kind: str | None = None
    period_from_year: int | None = None
    period_to_year: int | None = None
    idempotency_key: str | None = None


async def open_round(ctx: Context, principal: Principal, command: OpenRound) -> tuple[Round, bool]:
    """A level opens a round with a deadline, received by its standing office; returns (round, created)."""
    unit, path = await level_office(ctx, principal, command.receiving_unit_id, command.opened_on)
    digest = request_digest({k: v for k, v in asdict(command).items() if k != "idempotency_key"})
    movement = await get_movement(ctx, command.movement_id) if command.movement_id else None
    plan = RoundPlan(
        round_id=new_id("round", principal.subject, command.idempotency_key),
        name=nfc(command.name),
        kind=command.kind,
        year=command.year,
        opened_on=command.opened_on,
        last_day=command.deadline,
        movement=movement,
        award_kind=command.award_kind,
        period_from_year=command.period_from_year,
        period_to_year=command.period_to_year,
    )
    round_ = plan_round(plan, unit.unit_id, unit.name)

    async def create() -> Round:
        uow = UnitOfWork()
        ctx.rounds.add(uow, round_, opened_event(round_, path, principal.subject), digest)
        await uow.commit()
        return round_

    return await create_once(create, lambda: ctx.rounds.created_by(round_.round_id), digest)


async def move_deadline(ctx: Context, principal: Principal, round_id: str, last_day: date) -> Round:
    """The receiving level moves a round's deadline; `round.opened` is re-published with it."""
    round_ = await known_round(ctx, round_id)
    _, path = await level_office(ctx, principal, round_.receiving_unit_id, round_.opened_on)
    return await _move(ctx, round_, last_day, path, principal.subject)


async def move_deadline_as_system(ctx: Context, round_id: str, last_day: date) -> Round:
    """Move a round's deadline for the demo seed (only when an operator asks for it explicitly)."""
    round_ = await known_round(ctx, round_id)
    path = await ctx.units.path_on(round_.receiving_unit_id, round_.opened_on)
    return await _move(ctx, round_, last_day, path, SYSTEM_ACTOR)


async def _move(ctx: Context, round_: Round, last_day: date, path: tuple[str, ...], actor: str) -> Round:
    moved = moved_round(round_, last_day)
    if moved.deadline == round_.deadline:
        return round_
    uow = UnitOfWork()
    ctx.rounds.move_deadline(uow, moved, round_.deadline, opened_event(moved, path, actor))
    try:
        await uow.commit()
    except StaleWrite:
        raise Conflict(
            "CONCURRENT_CHANGE", "Hạn nộp vừa được thay đổi từ một nơi khác; hãy tải lại và thử lại."
        ) from None
    return moved


async def get_round(ctx: Context, round_id: str) -> Round:
    """One round (rounds and deadlines are public announcements of a level)."""
    return await known_round(ctx, round_id)


async def rounds_for(ctx: Context, unit_id: str | None, year: int | None) -> list[Round]:
    """Rounds of a year; for a unit, the rounds received by it or a level above it (where it submits)."""
    if unit_id is None:
        return await ctx.rounds.list_for(year=year, receiving_unit_ids=None)
    unit = await known_unit(ctx, unit_id)
    # The tree of that year's end, or of today: a unit that has ended since is read on its last day.
    day = unit.nearest_day(date(year, 12, 31) if year else ctx.today())
    path = await ctx.units.path_on(unit_id, day)
    return await ctx.rounds.list_for(year=year, receiving_unit_ids=list(path))
