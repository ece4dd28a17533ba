"""Journey 6: one binding and its revocation; the unit tree as it stood on a day."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from emutrack_kit.clock import HANOI
from portal.adapters.api import ApiError
from portal.domain.admin import STATE_VI, parse_day
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import admin_binding, admin_tree


class RevokePost(BaseModel):
    """What the revoke form posts."""

    reason: str = ""
    csrf: str = ""
    key: str = ""


def today() -> date:
    """Today in Hà Nội."""
    return datetime.now(HANOI).date()


def admin_pages_router(load: SessionLoader) -> APIRouter:
    """/admin/bindings/{id} (and its revocation), /admin/tree."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/admin/bindings/{binding_id}", response_class=HTMLResponse)
    async def binding_view(request: Request, binding_id: str, me: Me) -> HTMLResponse:
        try:
            found = await admin_binding.binding(me.api("access"), me.api("registration"), binding_id, today())
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(
            request, "admin_binding.html", me, b=found, states=STATE_VI, done=request.query_params.get("done")
        )

    @router.post("/admin/bindings/{binding_id}/revoke", response_class=HTMLResponse)
    async def revoke(
        request: Request, binding_id: str, me: Me, posted: Annotated[RevokePost, Form()]
    ) -> Response:
        try:
            await admin_binding.revoke(me.api("access"), binding_id, posted.reason, posted.key)
        except ApiError as error:
            try:
                found = await admin_binding.binding(
                    me.api("access"), me.api("registration"), binding_id, today()
                )
            except ApiError:
                return page(request, "problem.html", me, status=error.status, error=error)
            finally:
                await me.close()
            return refused(
                request, me, error, "admin_binding.html", b=found, states=STATE_VI, reason=posted.reason
            )
        await me.close()
        return RedirectResponse(f"/admin/bindings/{binding_id}?done=revoked", status_code=303)

    @router.get("/admin/tree", response_class=HTMLResponse)
    async def tree_view(request: Request, me: Me, on: str = "", past: bool = False) -> HTMLResponse:
        typed = on.strip() or today().strftime("%d/%m/%Y")
        try:
            day = parse_day(typed)
        except ValueError as exc:
            await me.close()
            error = ApiError(422, "VALIDATION_ERROR", str(exc), "on", {"on": str(exc)})
            return refused(request, me, error, "admin_tree.html", typed=typed, past=past, tree=None, day=None)
        try:
            tree = await admin_tree.tree_on(me.api("registration"), day, past)
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(request, "admin_tree.html", me, typed=typed, past=past, tree=tree, day=day)

    return router
