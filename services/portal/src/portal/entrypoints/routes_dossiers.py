"""Journey 1b's pages: a unit's dossiers in a round, drafting one, reading it with its steps, sending it."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.entrypoints.routes_dossiers_files import LABELS, files_router, show_dossier
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import dossiers, home
from portal.usecases.dossiers import NewDossier, readable


class DraftForm(BaseModel):
    """What the draft form posts (with the form's CSRF token and key)."""

    round_id: str
    unit_id: str
    subject_kind: str = "collective"
    full_name: str = ""
    position: str = ""
    award_code: str = ""
    summary: str = ""
    deed_on: str = ""
    csrf: str = ""
    key: str = ""


class ListQuery(BaseModel):
    """Which unit's dossiers, in which round, searched for what, which page."""

    unit_id: str = ""
    round_id: str = ""
    q: str = ""
    skip: int = 0
    limit: int = dossiers.PAGE


class SendForm(BaseModel):
    """What the send form posts."""

    csrf: str = ""
    key: str = ""


def dossiers_router(load: SessionLoader) -> APIRouter:
    """/dossiers, /dossiers/{id}, its submission, its documents."""
    router = APIRouter(include_in_schema=False)
    router.include_router(_list_routes(load))
    router.include_router(_dossier_routes(load))
    router.include_router(files_router(load))
    return router


def _list_routes(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/dossiers", response_class=HTMLResponse)
    async def list_view(request: Request, me: Me, query: Annotated[ListQuery, Query()]) -> Response:
        try:
            if not query.unit_id:
                return await _choose_unit(request, me)
            data = await dossiers.unit_dossiers(
                me.api("registration"), query.unit_id, query.round_id or None, query.q.strip(),
                max(0, query.skip), min(max(1, query.limit), 100),
            )  # fmt: skip
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(request, "dossiers.html", me, data=data, typed=None, **LABELS)

    @router.post("/dossiers", response_class=HTMLResponse)
    async def draft(request: Request, me: Me, form: Annotated[DraftForm, Form()]) -> Response:
        api = me.api("registration")
        typed = NewDossier(
            form.round_id, form.unit_id, form.subject_kind, form.full_name, form.position, form.award_code,
            form.summary, form.deed_on,
        )  # fmt: skip
        try:
            dossier_id = await dossiers.create(api, typed, form.key)
        except ApiError as error:
            try:
                data = await dossiers.unit_dossiers(api, form.unit_id, form.round_id, "", 0)
            except ApiError as unreadable:
                return page(request, "problem.html", me, status=unreadable.status, error=unreadable)
            finally:
                await me.close()
            return refused(request, me, readable(error), "dossiers.html", data=data, typed=typed, **LABELS)
        await me.close()
        return RedirectResponse(f"/dossiers/{dossier_id}?created=1", status_code=303)

    return router


async def _choose_unit(request: Request, me: Caller) -> Response:
    """The units whose dossiers the person drafts: straight to the only one, else a choice."""
    places = await home.workplaces(me.api("access"), datetime.now(UTC))
    units = [p for p in places if home.SUBMITTING_ROLES.intersection(p.roles)]
    if len(units) == 1:
        return RedirectResponse(f"/dossiers?unit_id={units[0].unit_id}", status_code=303)
    return page(request, "dossier_units.html", me, units=units)


def _dossier_routes(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/dossiers/{dossier_id}", response_class=HTMLResponse)
    async def dossier_page(
        request: Request, dossier_id: str, me: Me, created: str = "", attached: str = "", sent: str = ""
    ) -> Response:
        notices: dict[str, Any] = {"created": created, "attached": attached, "sent": sent}
        return await show_dossier(request, me, dossier_id, **notices)

    @router.post("/dossiers/{dossier_id}/submit", response_class=HTMLResponse)
    async def send(request: Request, dossier_id: str, me: Me, form: Annotated[SendForm, Form()]) -> Response:
        try:
            await dossiers.submit(me.api("registration"), dossier_id, form.key)
        except ApiError as error:
            return await show_dossier(request, me, dossier_id, refusal=readable(error), send_refused=True)
        await me.close()
        return RedirectResponse(f"/dossiers/{dossier_id}?sent=1#timeline", status_code=303)

    return router
