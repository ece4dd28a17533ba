"""Journey 1b's documents: attach one (a plain form; JSON for the page's script), read one back."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.domain.dossiers import (
    ATTACHMENT_KIND_VI,
    AWARDS,
    DOSSIER_KIND_VI,
    SUBJECT_KIND_VI,
    at_vi,
    size_vi,
)
from portal.entrypoints.web import TEMPLATES, Caller, SessionLoader, page, refused
from portal.usecases import dossiers, dossiers_files
from portal.usecases.dossiers import readable

LABELS: dict[str, Any] = {
    "at": at_vi,
    "size": size_vi,
    "subject_kinds": SUBJECT_KIND_VI,
    "dossier_kinds": DOSSIER_KIND_VI,
    "attachment_kinds": ATTACHMENT_KIND_VI,
    "awards": AWARDS,
}


class AttachForm(BaseModel):
    """What the attach form posts: the document's kind, the file, the form's CSRF token and key."""

    file: UploadFile | None = None
    kind: str = ""
    csrf: str = ""
    key: str = ""


NO_FILE = ApiError(
    422, "NO_FILE", "Hãy chọn một tệp để đính kèm.", "file", {"file": "Hãy chọn một tệp để đính kèm."}
)


async def show_dossier(
    request: Request, me: Caller, dossier_id: str, refusal: ApiError | None = None, **context: Any
) -> Response:
    """The dossier's page (again with the refusal and what the person chose, when a form was refused)."""
    try:
        view = await dossiers.dossier_view(
            me.api("registration"), me.api("review"), dossier_id, (me.session.subject, me.session.name)
        )
    except ApiError as error:
        return page(request, "problem.html", me, status=error.status, error=error)
    finally:
        await me.close()
    if refusal is None:
        return page(request, "dossier.html", me, view=view, **context, **LABELS)
    return refused(request, me, refusal, "dossier.html", view=view, **context, **LABELS)


def files_router(load: SessionLoader) -> APIRouter:
    """/dossiers/{id}/attachments and /dossiers/{id}/attachments/{attachment_id}."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.post("/dossiers/{dossier_id}/attachments", response_class=HTMLResponse)
    async def attach(
        request: Request, dossier_id: str, me: Me, form: Annotated[AttachForm, Form()]
    ) -> Response:
        scripted = "application/json" in request.headers.get("accept", "")
        try:
            if form.file is None or not form.file.filename:
                raise NO_FILE
            upload = dossiers_files.Upload(
                dossier_id,
                form.kind,
                form.file.filename,
                form.file.file,
                form.file.content_type or "application/octet-stream",
            )
            entry = await dossiers_files.attach(me.api("registration"), upload, form.key)
        except ApiError as error:
            if scripted:
                await me.close()
                return _refused_json(readable(error))
            return await show_dossier(request, me, dossier_id, readable(error), chosen_kind=form.kind)
        if scripted:
            return await _attached_json(me, dossier_id, entry)
        await me.close()
        return RedirectResponse(
            f"/dossiers/{dossier_id}?attached={quote(entry['attachment_id'])}#attachments", status_code=303
        )

    @router.get("/dossiers/{dossier_id}/attachments/{attachment_id}")
    async def download(request: Request, dossier_id: str, attachment_id: str, me: Me) -> Response:
        try:
            content, media_type, filename = await dossiers_files.download(
                me.api("registration"), dossier_id, attachment_id
            )
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
        return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})

    return router


def _refused_json(error: ApiError) -> JSONResponse:
    """The page's script shows the message next to the field, and sends again with a new key."""
    status = error.status if 400 <= error.status < 500 else 503
    body = {"ok": False, "message": error.message, "fields": error.fields, "key": secrets.token_urlsafe(16)}
    return JSONResponse(body, status_code=status)


async def _attached_json(me: Caller, dossier_id: str, entry: dict[str, Any]) -> JSONResponse:
    """The stored checksum and the dossier's documents again, for the page's script to show."""
    html = None  # the document is attached even when the list cannot be read again: the script reloads
    try:
        view = await dossiers.dossier_view(
            me.api("registration"), me.api("review"), dossier_id, (me.session.subject, me.session.name)
        )
        html = TEMPLATES.get_template("dossier_attachments.html").render(view=view, **LABELS)
    except ApiError:
        pass
    finally:
        await me.close()
    body = {
        "ok": True, "sha256": entry["sha256"], "filename": entry["filename"], "html": html,
        "key": secrets.token_urlsafe(16),
    }  # fmt: skip
    return JSONResponse(body, status_code=201)
