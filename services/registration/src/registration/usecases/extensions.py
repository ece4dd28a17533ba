"""Use case of one unit's later deadline: the receiving office extends it, with a reason (ADR 0019)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Unprocessable
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import UnitOfWork
from registration.domain.rounds import Extension, Round, end_of_day, extension_granted_event
from registration.usecases.access import authorize_extension
from registration.usecases.context import Context
from registration.usecases.lookups import known_round


@dataclass(frozen=True)
class Extend:
    """The receiving office gives one unit until `last_day` (23:59:59 Hà Nội), and says why."""

    round_id: str
    unit_id: str
    last_day: date
    reason: str


async def grant_extension(ctx: Context, principal: Principal, command: Extend) -> Round:
    """The receiving office gives one unit under it a later deadline in the round, with a reason."""
    await authorize_extension(ctx, principal, command.round_id)
    round_ = await known_round(ctx, command.round_id)
    unit = await ctx.units.get(command.unit_id)
    path = await ctx.units.path_on(command.unit_id, round_.opened_on) if unit else ()
    if unit is None or round_.receiving_unit_id not in path[:-1]:
        raise Unprocessable(
            "UNIT_OUTSIDE_ROUND",
            f"Đơn vị '{unit.name if unit else command.unit_id}' không thuộc các đơn vị nộp cho đợt "
            f"'{round_.name}'.",
            field="unit_id",
        )
    if not nfc(command.reason):
        raise Unprocessable("MISSING_REASON", "Cần ghi rõ lý do gia hạn.", field="reason")
    extension = Extension(
        unit.unit_id,
        unit.name,
        end_of_day(command.last_day),
        nfc(command.reason),
        principal.subject,
        ctx.now(),
    )
    extended = round_.extended(extension)
    receiver_path = await ctx.units.path_on(round_.receiving_unit_id, round_.opened_on)
    uow = UnitOfWork()
    ctx.rounds.extend(
        uow, command.round_id, extension, extension_granted_event(round_, extension, receiver_path)
    )
    await uow.commit()
    return extended
