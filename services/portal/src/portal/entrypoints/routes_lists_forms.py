"""Forms 1 and 2 (Mẫu 1, Mẫu 2) of a unit in a registration round: template, upload, rows accepted."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.adapters.api import ApiError
from portal.domain.lists_labels import FORMS, FormView, cell_text
from portal.entrypoints.routes_lists_web import (
    Shown,
    UploadForm,
    sender_of,
    spreadsheet,
    upload_of,
)
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import lists_forms

UNKNOWN_FORM = ApiError(404, "UNKNOWN_FORM", "Không có biểu mẫu này; hãy chọn Mẫu 1 hoặc Mẫu 2.")


def _form(slug: str) -> FormView:
    if slug not in FORMS:
        raise UNKNOWN_FORM
    return FORMS[slug]


def forms_router(load: SessionLoader) -> APIRouter:
    """/rounds/{id}/forms/{mau-1|mau-2}: the page, its template, the form sent."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/rounds/{round_id}/forms/{slug}/template.xlsx")
    async def template(request: Request, round_id: str, slug: str, me: Me) -> Response:
        path_of = lists_forms.template_path
        return await spreadsheet(
            request, me, lambda: path_of(_form(slug)), f"{slug}-{round_id}.xlsx", round_id=round_id
        )

    @router.get("/rounds/{round_id}/forms/{slug}/filled.xlsx")
    async def export(request: Request, round_id: str, slug: str, unit_id: str, me: Me) -> Response:
        filled = lists_forms.form_path
        return await spreadsheet(
            request, me, lambda: f"{filled(_form(slug), round_id, unit_id)}.xlsx", f"{slug}-{unit_id}.xlsx"
        )

    @router.get("/rounds/{round_id}/forms/{slug}", response_class=HTMLResponse)
    async def form_view(
        request: Request, round_id: str, slug: str, me: Me, shown: Annotated[Shown, Query()]
    ) -> HTMLResponse:
        try:
            data = await lists_forms.form_page(
                me.api("registration"), _form(slug), round_id, shown.unit_id, shown.search, shown.start
            )
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        done = request.query_params.get("done")
        return page(request, "lists_form.html", me, data=data, cell=cell_text, done=done)

    @router.post("/rounds/{round_id}/forms/{slug}", response_class=HTMLResponse)
    async def send_form(
        request: Request,
        round_id: str,
        slug: str,
        me: Me,
        form: Annotated[UploadForm, Form()],
        file: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        upload = await upload_of(file)
        try:
            spec = _form(slug)
            await lists_forms.send_form(sender_of(me), spec, round_id, form.unit_id, upload, form.key)
        except ApiError as error:
            return await _form_again(request, me, (slug, round_id, form.unit_id), error)
        await me.close()
        return RedirectResponse(
            f"/rounds/{round_id}/forms/{slug}?unit_id={form.unit_id}&done=1", status_code=303
        )

    return router


async def _form_again(request: Request, me: Caller, which: tuple[str, str, str], error: ApiError) -> Response:
    """The form's page again, its refusal (and each row's) shown beside what was sent."""
    slug, round_id, unit_id = which
    if error is UNKNOWN_FORM:
        await me.close()
        return page(request, "problem.html", me, status=error.status, error=error)
    try:
        data = await lists_forms.form_page(me.api("registration"), _form(slug), round_id, unit_id, "", 0)
    finally:
        await me.close()
    return refused(request, me, error, "lists_form.html", data=data, cell=cell_text)
