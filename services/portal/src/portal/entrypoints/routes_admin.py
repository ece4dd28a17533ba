"""Journey 6: the admin's list of the bindings of its subtree, and the grant form."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.domain.admin import GRANTABLE_ROLES, STATE_VI
from portal.entrypoints.routes_admin_pages import admin_pages_router, today
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import admin


class GrantFields(BaseModel):
    """The grant form's fields (also accepted in the address, to fill it in: granting again)."""

    within: str = ""
    subject: str = ""
    subject_name: str = ""
    role: str = ""
    unit_id: str = ""
    valid_from: str = ""
    valid_to: str = ""
    reason: str = ""


class GrantQuery(GrantFields):
    """The grant page's address: what to fill in, and the units searched for."""

    unit_q: str = ""


class GrantPost(GrantFields):
    """What the grant form posts, with its CSRF token and key."""

    csrf: str = ""
    key: str = ""


def admin_router(load: SessionLoader) -> APIRouter:
    """/admin, /admin/grant, and the binding and tree pages (routes_admin_pages)."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)
    router.include_router(admin_pages_router(load))

    @router.get("/admin", response_class=HTMLResponse)
    async def bindings_view(
        request: Request, me: Me, within: str | None = None, q: str = "", skip: int = 0
    ) -> HTMLResponse:
        try:
            where = await admin.scope(me.api("access"), me.api("registration"), within, today())
            data = await admin.bindings_page(
                me.api("access"), me.api("registration"), where, q, max(0, skip), today()
            )
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(
            request, "admin.html", me, data=data, states=STATE_VI, pages=_pages(data),
            done=request.query_params.get("done"),
        )  # fmt: skip

    @router.get("/admin/grant", response_class=HTMLResponse)
    async def grant_view(request: Request, me: Me, asked: Annotated[GrantQuery, Query()]) -> HTMLResponse:
        form = admin.GrantForm(**asked.model_dump(exclude={"unit_q"}))
        if not form.valid_from:
            form = admin.GrantForm(**{**form.__dict__, "valid_from": today().strftime("%d/%m/%Y")})
        try:
            where = await admin.scope(me.api("access"), me.api("registration"), asked.within or None, today())
            data = await admin.grant_page(me.api("registration"), where, asked.unit_q, form)
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(request, "admin_grant.html", me, data=data, roles=GRANTABLE_ROLES)

    @router.post("/admin/grant", response_class=HTMLResponse)
    async def grant(request: Request, me: Me, posted: Annotated[GrantPost, Form()]) -> Response:
        form = admin.GrantForm(**posted.model_dump(exclude={"csrf", "key"}))
        try:
            granted = await admin.grant(me.api("access"), form, posted.key)
        except ApiError as error:
            try:
                where = await admin.scope(
                    me.api("access"), me.api("registration"), form.within or None, today()
                )
                data = await admin.grant_page(me.api("registration"), where, "", form)
            finally:
                await me.close()
            return refused(request, me, error, "admin_grant.html", data=data, roles=GRANTABLE_ROLES)
        await me.close()
        target = {"within": form.within, "q": granted["subject_name"], "done": "granted"}
        return RedirectResponse(f"/admin?{urlencode(target)}", status_code=303)

    return router


def _pages(data: admin.BindingsPage) -> dict[str, str]:
    """The addresses of the previous and next pages of the list (keeping the scope and the search)."""
    within = data.scope.within[0] if data.scope.within else ""
    pages: dict[str, str] = {}
    if data.skip > 0:
        pages["prev"] = "/admin?" + urlencode(
            {"within": within, "q": data.q, "skip": max(0, data.skip - admin.PAGE)}
        )
    if data.skip + admin.PAGE < data.total:
        pages["next"] = "/admin?" + urlencode({"within": within, "q": data.q, "skip": data.skip + admin.PAGE})
    return pages
