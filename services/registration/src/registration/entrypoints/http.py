"""HTTP API of the registration service (thin: translate, call a handler, translate back)."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Response
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound
from emutrack_kit.http import principal_dependency, service_app, verifier_for
from registration import bootstrap, handlers
from registration.config import Settings
from registration.handlers import Deps


class CollectiveRegistrationIn(BaseModel):
    """A unit registers for a collective title (status, dates and actor are set by the server)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    unit_id: str = Field(min_length=1, max_length=100, examples=["p-kim-giang"])
    title_code: str = Field(min_length=1, max_length=100, examples=["tap_the_lao_dong_tien_tien"])


class RegistrationOut(BaseModel):
    """A registration as its unit and the receiving level see it."""

    registration_id: str
    round_id: str
    year: int
    subject_kind: str
    unit_id: str
    unit_name: str
    unit_path: list[str]
    title_code: str
    title_name: str
    status: str
    submitted_by: str
    submitted_at: datetime

    @classmethod
    def of(cls, doc: dict[str, Any]) -> "RegistrationOut":
        """From a stored document."""
        return cls(registration_id=doc["_id"], **{k: v for k, v in doc.items() if k in cls.model_fields})


class RoundOut(BaseModel):
    """A round with its deadline and receiving level."""

    round_id: str
    name: str
    kind: str
    year: int
    receiving_unit_id: str
    receiving_unit_name: str
    deadline: datetime


class UnitOut(BaseModel):
    """A unit and its path in the tree on a given day."""

    unit_id: str
    name: str
    kind: str
    level: int
    path: list[str]


def create_app(settings: Settings | None = None, deps: Deps | None = None) -> FastAPI:
    """The registration HTTP app."""
    settings = settings or Settings()
    d = deps or bootstrap.deps(settings)
    authenticated = principal_dependency(verifier_for(settings))
    Caller = Annotated[Principal, Depends(authenticated)]

    async def startup() -> None:
        await bootstrap.ensure_indexes(d)

    app = service_app("emutrack registration", startup)
    router = APIRouter()

    @router.get("/rounds", tags=["rounds"])
    async def list_rounds(_: Caller) -> list[RoundOut]:
        return [RoundOut(**r.__dict__) for r in await handlers.list_rounds(d)]

    @router.get("/units/{unit_id}", tags=["units"])
    async def get_unit(unit_id: str, _: Caller) -> UnitOut:
        unit = await d.units.get(unit_id)
        if unit is None:
            raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
        path = await d.units.path_on(unit_id, unit.valid_from)
        return UnitOut(
            unit_id=unit.unit_id, name=unit.name, kind=unit.kind, level=unit.level, path=list(path)
        )

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

    app.include_router(router)
    return app
