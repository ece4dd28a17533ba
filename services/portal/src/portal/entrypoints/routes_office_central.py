"""The office's page of nominations sent above the city: the sheet to fill with what came back, its upload."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.domain.office import form_keys
from portal.entrypoints.routes_lists_web import XLSX, upload_of
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import office_central
from portal.usecases.lists_files import Sender

PAGE = "/office/central"


class SheetForm(BaseModel):
    """What the upload form posts besides its file."""

    level: str
    csrf: str = ""
    key: str = ""


def office_central_router(load: SessionLoader) -> APIRouter:
    """/office/central?level=, its sheet and its upload."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get(PAGE, response_class=HTMLResponse)
    async def waiting_page(request: Request, me: Me, level: str = "", recorded: int = -1) -> Response:
        return await _page(request, me, level, recorded=recorded)

    @router.get(f"{PAGE}/ket-qua-trung-uong.xlsx")
    async def sheet(request: Request, me: Me, level: str = "") -> Response:
        try:
            content, _ = await me.api("review").get_bytes(office_central.SHEET, level_unit_id=level)
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        headers = {"Content-Disposition": 'attachment; filename="ket-qua-trung-uong.xlsx"'}
        return Response(content, media_type=XLSX, headers=headers)

    @router.post(PAGE, response_class=HTMLResponse)
    async def upload(
        request: Request, me: Me, form: Annotated[SheetForm, Form()],
        file: Annotated[UploadFile | None, File()] = None,
    ) -> Response:  # fmt: skip
        sender = Sender(me.settings.review_url, me.session.access_token)
        try:
            recorded = await office_central.send_outcomes(sender, form.level, await upload_of(file), form.key)
        except ApiError as error:
            return await _page(request, me, form.level, refusal=error)
        await me.close()
        return RedirectResponse(f"{PAGE}?level={quote(form.level)}&recorded={recorded}", status_code=303)

    return router


async def _page(
    request: Request, me: Caller, level: str, recorded: int = -1, refusal: ApiError | None = None
) -> Response:
    try:
        data = await office_central.waiting(me.api("review"), me.api("access"), datetime.now(UTC), level)
    except ApiError as error:
        return page(request, "problem.html", me, status=error.status, error=error)
    finally:
        await me.close()
    keys = form_keys("sheet")
    if refusal is not None:
        return refused(request, me, refusal, "office_central.html", data=data, recorded=recorded, keys=keys)
    return page(request, "office_central.html", me, data=data, recorded=recorded, keys=keys)
