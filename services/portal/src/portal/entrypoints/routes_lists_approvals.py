"""The unit head's approvals: what the unit registered, waiting; approved with one button, once."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.entrypoints.web import TEMPLATES, Caller, SessionLoader, page, refused
from portal.usecases import lists_approvals


class ApproveForm(BaseModel):
    """What an approve button posts: the unit shown, the form's CSRF token and key."""

    unit_id: str = ""
    csrf: str = ""
    key: str = ""


def _row(template: str, **context: Any) -> str:
    return TEMPLATES.get_template(template).render(**context)


def approvals_router(load: SessionLoader) -> APIRouter:
    """/approvals and /approvals/{registration_id}."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/approvals", response_class=HTMLResponse)
    async def approvals(request: Request, me: Me, unit_id: str | None = None, skip: int = 0) -> HTMLResponse:
        try:
            data = await lists_approvals.approvals_page(
                me.api("access"), me.api("registration"), unit_id, max(0, skip), datetime.now(UTC)
            )
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(request, "lists_approvals.html", me, data=data, done=request.query_params.get("done"))

    @router.post("/approvals/{registration_id}", response_class=HTMLResponse)
    async def approve(
        request: Request, registration_id: str, me: Me, form: Annotated[ApproveForm, Form()]
    ) -> Response:
        registration = me.api("registration")
        try:
            approved = await lists_approvals.approve(registration, registration_id, form.key)
        except ApiError as error:
            if request.headers.get("HX-Request"):  # the row says why, in place
                await me.close()
                refusal = _row("lists_refused_row.html", error=error, registration_id=registration_id)
                return HTMLResponse(refusal)
            try:
                data = await lists_approvals.approvals_page(
                    me.api("access"), registration, form.unit_id, 0, datetime.now(UTC)
                )
            finally:
                await me.close()
            return refused(request, me, error, "lists_approvals.html", data=data)
        await me.close()
        if request.headers.get("HX-Request"):  # the row, approved, replaces the row waiting
            row = _row("lists_approved_row.html", r=approved.registration, round_name=approved.round_name)
            return HTMLResponse(row)
        return RedirectResponse(f"/approvals?unit_id={form.unit_id}&done=1", status_code=303)

    return router
