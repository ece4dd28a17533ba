"""HTTP route of reminding now: the receiving standing office reminds the units still to submit."""

from typing import Annotated

from fastapi import APIRouter, Header
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from notify.entrypoints.guards import Authenticated, guard
from notify.usecases import remind_now
from notify.usecases.context import Context


class RemindBody(BaseModel):
    """The units to remind (none: every unit still to submit)."""

    model_config = ConfigDict(extra="forbid")

    unit_ids: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=500
    )


class RemindedUnit(BaseModel):
    """A unit reminded."""

    unit_id: str
    unit_name: str


class RemindedOut(BaseModel):
    """Who was reminded of which round."""

    round_id: str
    round_name: str
    reminded: list[RemindedUnit]


def reminders_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """POST /rounds/{round_id}/reminders."""
    Office = Annotated[Principal, guard(ctx, authenticated, remind_now.authorize_round_office, "round_id")]
    router = APIRouter(tags=["reminders"])

    @router.post("/rounds/{round_id}/reminders", status_code=201)
    async def remind(
        round_id: str,
        caller: Office,
        body: RemindBody | None = None,
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> RemindedOut:
        """Remind the units still to submit now (the same Idempotency-Key reminds nobody twice)."""
        command = remind_now.RemindNow(round_id, tuple(body.unit_ids if body else ()), idempotency_key)
        done = await remind_now.remind_now(ctx, caller, command)
        units = [RemindedUnit(unit_id=u, unit_name=n) for u, n in done.units]
        return RemindedOut(round_id=done.round_id, round_name=done.round_name, reminded=units)

    return router
