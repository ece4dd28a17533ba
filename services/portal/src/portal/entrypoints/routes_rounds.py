"""A round's page: register the unit's collective titles, see what it registered."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import registering


class RegisterForm(BaseModel):
    """What the register form posts: the unit, the title chosen, the form's CSRF token and key."""

    unit_id: str
    title_code: str = ""
    csrf: str = ""
    key: str = ""


def rounds_router(load: SessionLoader) -> APIRouter:
    """/rounds/{id}."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/rounds/{round_id}", response_class=HTMLResponse)
    async def round_view(request: Request, round_id: str, unit_id: str, me: Me) -> HTMLResponse:
        try:
            data = await registering.round_page(me.api("registration"), round_id, unit_id)
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(request, "round.html", me, data=data, done=request.query_params.get("done"))

    @router.post("/rounds/{round_id}/registrations", response_class=HTMLResponse)
    async def register(
        request: Request, round_id: str, me: Me, form: Annotated[RegisterForm, Form()]
    ) -> Response:
        api = me.api("registration")
        try:
            await registering.register(api, round_id, form.unit_id, form.title_code, form.key)
        except ApiError as error:
            try:
                data = await registering.round_page(api, round_id, form.unit_id)
            finally:
                await me.close()
            return refused(request, me, error, "round.html", data=data, chosen=form.title_code)
        await me.close()
        return RedirectResponse(f"/rounds/{round_id}?unit_id={form.unit_id}&done=1", status_code=303)

    return router
