"""The unit's work in its rounds: the individual list from a spreadsheet; forms, proposals, approvals."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.adapters.api import ApiError
from portal.entrypoints.routes_lists_approvals import approvals_router
from portal.entrypoints.routes_lists_forms import forms_router
from portal.entrypoints.routes_lists_proposals import proposals_router
from portal.entrypoints.routes_lists_web import (
    Shown,
    UploadForm,
    sender_of,
    spreadsheet,
    upload_of,
)
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import lists
from portal.usecases.lists_approvals import unit_work


def lists_router(load: SessionLoader) -> APIRouter:
    """/lists, /rounds/{id}/people and the routers of forms, proposals and approvals."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/lists", response_class=HTMLResponse)
    async def hub(request: Request, me: Me) -> HTMLResponse:
        try:
            work = await unit_work(me.api("access"), me.api("registration"), datetime.now(UTC))
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(request, "lists_hub.html", me, work=work)

    router.include_router(_people_router(load))
    router.include_router(forms_router(load))
    router.include_router(proposals_router(load))
    router.include_router(approvals_router(load))
    return router


def _people_router(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/lists/templates/people.xlsx")
    async def people_template(request: Request, me: Me) -> Response:
        return await spreadsheet(request, me, lambda: lists.TEMPLATE, "mau-danh-sach-ca-nhan.xlsx")

    @router.get("/rounds/{round_id}/people.xlsx")
    async def people_export(request: Request, round_id: str, unit_id: str, me: Me) -> Response:
        path = f"{lists.list_path(round_id, unit_id)}.xlsx"
        return await spreadsheet(request, me, lambda: path, f"danh-sach-ca-nhan-{unit_id}.xlsx")

    @router.get("/rounds/{round_id}/people", response_class=HTMLResponse)
    async def people_view(
        request: Request, round_id: str, me: Me, shown: Annotated[Shown, Query()]
    ) -> HTMLResponse:
        registration = me.api("registration")
        try:
            data = await lists.people_page(registration, round_id, shown.unit_id, shown.search, shown.start)
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(request, "lists_people.html", me, data=data, done=request.query_params.get("done"))

    @router.post("/rounds/{round_id}/people", response_class=HTMLResponse)
    async def send_people(
        request: Request,
        round_id: str,
        me: Me,
        form: Annotated[UploadForm, Form()],
        file: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        upload = await upload_of(file)
        try:
            await lists.send_people(sender_of(me), round_id, form.unit_id, upload, form.key)
        except ApiError as error:
            try:
                data = await lists.people_page(me.api("registration"), round_id, form.unit_id, "", 0)
            finally:
                await me.close()
            return refused(request, me, error, "lists_people.html", data=data)
        await me.close()
        return RedirectResponse(f"/rounds/{round_id}/people?unit_id={form.unit_id}&done=1", status_code=303)

    return router
