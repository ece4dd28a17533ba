"""HTTP API of the review service."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query
from pydantic import BaseModel

from emutrack_kit.auth import Principal
from emutrack_kit.http import principal_dependency, service_app, verifier_for
from review import bootstrap, handlers
from review.config import Settings
from review.entrypoints.routes_clusters import clusters_router
from review.entrypoints.routes_councils import councils_router
from review.entrypoints.routes_nominations import nominations_router
from review.entrypoints.routes_rules import rules_router
from review.handlers import Deps


class RegisteredSubjectOut(BaseModel):
    """A unit registered for a title: it may be evaluated at year end."""

    registration_id: str
    year: int
    subject_kind: str
    unit_id: str
    unit_name: str
    title_code: str
    title_name: str
    registered_at: datetime


class RegisteredPersonOut(BaseModel):
    """A person registered for an individual title."""

    full_name: str
    title_code: str
    title_name: str
    position: str | None = None


class RegisteredListOut(BaseModel):
    """A unit's latest list of people for a year."""

    unit_id: str
    unit_name: str
    round_id: str
    version: int
    people: list[RegisteredPersonOut]


def create_app(settings: Settings | None = None, deps: Deps | None = None) -> FastAPI:
    """The review HTTP app."""
    settings = settings or Settings()
    d = deps or bootstrap.deps(settings)
    authenticated = principal_dependency(verifier_for(settings))
    Caller = Annotated[Principal, Depends(authenticated)]
    app = service_app("emutrack review")
    router = APIRouter(tags=["evaluation"])

    @router.get("/evaluation-register")
    async def evaluation_register(
        caller: Caller,
        year: Annotated[int, Query(ge=2000, le=2100)],
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> list[RegisteredSubjectOut]:
        rows = await handlers.evaluation_register(d, caller, year, limit, skip)
        return [RegisteredSubjectOut(**r) for r in rows]

    @router.get("/evaluation-register/people")
    async def registered_people(
        caller: Caller, year: Annotated[int, Query(ge=2000, le=2100)]
    ) -> list[RegisteredListOut]:
        return [RegisteredListOut(**r) for r in await handlers.registered_people(d, caller, year)]

    app.include_router(router)
    app.include_router(nominations_router(d, authenticated))
    app.include_router(councils_router(d, authenticated))
    app.include_router(clusters_router(d, authenticated))
    app.include_router(rules_router(d, authenticated))
    return app
