"""HTTP API of the review service."""

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query
from pydantic import BaseModel

from emutrack_kit.auth import Principal
from emutrack_kit.http import principal_dependency, service_app, verifier_for
from review import bootstrap
from review.config import Settings
from review.entrypoints.guards import Guards
from review.entrypoints.routes_central import central_router
from review.entrypoints.routes_clusters import clusters_routers
from review.entrypoints.routes_councils import councils_routers
from review.entrypoints.routes_holidays import holidays_router
from review.entrypoints.routes_initiatives import initiatives_router
from review.entrypoints.routes_nominations import nominations_routers
from review.entrypoints.routes_papers import papers_router
from review.entrypoints.routes_public import public_router
from review.entrypoints.routes_rules import rules_router
from review.usecases import register
from review.usecases.context import Context


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


def create_app(settings: Settings | None = None, ctx: Context | None = None) -> FastAPI:
    """The review HTTP app."""
    settings = settings or Settings()
    guards = Guards(ctx or bootstrap.deps(settings), principal_dependency(verifier_for(settings)))
    app = service_app("emutrack review")
    app.include_router(_evaluation(guards))
    for router in (*nominations_routers(guards), *councils_routers(guards), *clusters_routers(guards)):
        app.include_router(router)
    app.include_router(rules_router(guards))
    app.include_router(initiatives_router(guards))
    app.include_router(holidays_router(guards))
    app.include_router(public_router(guards))
    app.include_router(papers_router(guards))
    app.include_router(central_router(guards))
    return app


def _evaluation(guards: Guards) -> APIRouter:
    ctx, router = guards.ctx, APIRouter(tags=["evaluation"])
    Caller = Annotated[Principal, guards.caller()]

    @router.get("/evaluation-register")
    async def evaluation_register(
        caller: Caller,
        year: Annotated[int, Query(ge=2000, le=2100)],
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> list[RegisteredSubjectOut]:
        entries = await register.evaluation_register(ctx, caller, year, limit, skip)
        return [RegisteredSubjectOut.model_validate(asdict(e)) for e in entries]

    @router.get("/evaluation-register/people")
    async def registered_people(
        caller: Caller, year: Annotated[int, Query(ge=2000, le=2100)]
    ) -> list[RegisteredListOut]:
        lists = await register.registered_people(ctx, caller, year)
        return [RegisteredListOut.model_validate(asdict(listed)) for listed in lists]

    return router
