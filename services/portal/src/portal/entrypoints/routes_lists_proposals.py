"""Initiatives and exemplars a unit proposes in a round: one form per item, what was proposed listed."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.domain.lists_labels import LABELS
from portal.entrypoints.routes_lists_web import Shown
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import lists_proposals
from portal.usecases.lists_proposals import Kind


class InitiativeForm(BaseModel):
    """What the initiative form posts: the initiative, its authors' lines, the form's CSRF token and key."""

    unit_id: str
    title: str = ""
    field: str = ""
    recognition_level: str = ""
    applied_since: str = ""
    summary: str = ""
    benefits: str = ""
    author_name: list[str] = []
    author_position: list[str] = []
    author_share: list[str] = []
    csrf: str = ""
    key: str = ""


class ExemplarForm(BaseModel):
    """What the exemplar form posts: the exemplar, the form's CSRF token and key."""

    unit_id: str
    category: str = ""
    subject_kind: str = ""
    subject_name: str = ""
    subject_position: str = ""
    subject_gender: str = ""
    field: str = ""
    achievement: str = ""
    csrf: str = ""
    key: str = ""


def proposals_router(load: SessionLoader) -> APIRouter:
    """/rounds/{id}/initiatives and /rounds/{id}/exemplars."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    async def show(request: Request, me: Caller, kind: Kind, round_id: str, shown: Shown) -> HTMLResponse:
        registration = me.api("registration")
        try:
            data = await lists_proposals.proposals_page(
                registration, kind, round_id, shown.unit_id, shown.search, shown.start
            )
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        done = request.query_params.get("done")
        return page(request, f"lists_{kind}.html", me, data=data, typed={}, labels=LABELS, done=done)

    async def send(
        request: Request,
        me: Caller,
        kind: Kind,
        round_id: str,
        typed: dict[str, Any],
        body_of: Callable[[str, dict[str, Any]], dict[str, Any]],
    ) -> Response:
        unit_id = str(typed["unit_id"])
        registration = me.api("registration")
        try:
            body = body_of(unit_id, typed)
            await lists_proposals.propose(registration, kind, round_id, body, str(typed["key"]))
        except ApiError as error:
            try:
                data = await lists_proposals.proposals_page(registration, kind, round_id, unit_id, "", 0)
            finally:
                await me.close()
            return refused(request, me, error, f"lists_{kind}.html", data=data, typed=typed, labels=LABELS)
        await me.close()
        return RedirectResponse(f"/rounds/{round_id}/{kind}?unit_id={unit_id}&done=1", status_code=303)

    @router.get("/rounds/{round_id}/initiatives", response_class=HTMLResponse)
    async def initiatives(
        request: Request, round_id: str, me: Me, shown: Annotated[Shown, Query()]
    ) -> HTMLResponse:
        return await show(request, me, "initiatives", round_id, shown)

    @router.post("/rounds/{round_id}/initiatives", response_class=HTMLResponse)
    async def propose_initiative(
        request: Request, round_id: str, me: Me, form: Annotated[InitiativeForm, Form()]
    ) -> Response:
        typed = form.model_dump()
        return await send(request, me, "initiatives", round_id, typed, lists_proposals.initiative_body)

    @router.get("/rounds/{round_id}/exemplars", response_class=HTMLResponse)
    async def exemplars(
        request: Request, round_id: str, me: Me, shown: Annotated[Shown, Query()]
    ) -> HTMLResponse:
        return await show(request, me, "exemplars", round_id, shown)

    @router.post("/rounds/{round_id}/exemplars", response_class=HTMLResponse)
    async def propose_exemplar(
        request: Request, round_id: str, me: Me, form: Annotated[ExemplarForm, Form()]
    ) -> Response:
        typed = form.model_dump()
        return await send(request, me, "exemplars", round_id, typed, lists_proposals.exemplar_body)

    return router
