"""HTTP routes of rounds and registrations."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response

from emutrack_kit.auth import Principal
from registration import handlers
from registration.entrypoints.schemas import CollectiveRegistrationIn, RegistrationOut, RoundOut
from registration.handlers import Deps


def registrations_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /rounds and /registrations."""
    Caller = Annotated[Principal, Depends(authenticated)]
    router = APIRouter()

    @router.get("/rounds", tags=["rounds"])
    async def list_rounds(_: Caller) -> list[RoundOut]:
        return [RoundOut(**r.__dict__) for r in await handlers.list_rounds(d)]

    @router.post("/rounds/{round_id}/registrations", status_code=201, tags=["registrations"])
    async def submit_registration(
        round_id: str,
        body: CollectiveRegistrationIn,
        caller: Caller,
        response: Response,
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> RegistrationOut:
        doc, created = await handlers.submit_collective_registration(
            d,
            caller,
            round_id=round_id,
            unit_id=body.unit_id,
            title_code=body.title_code,
            idempotency_key=idempotency_key,
        )
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return RegistrationOut.of(doc)

    @router.get("/registrations/{registration_id}", tags=["registrations"])
    async def get_registration(registration_id: str, caller: Caller) -> RegistrationOut:
        return RegistrationOut.of(await handlers.get_registration(d, caller, registration_id))

    return router
