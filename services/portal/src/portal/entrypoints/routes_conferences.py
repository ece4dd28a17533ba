"""Conferences of exemplars: a level's plans, one conference's delegates, confirmation, report, the season."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.domain.conferences import BALANCE, BELOW_VI, DONE_VI
from portal.domain.office import form_keys
from portal.entrypoints.routes_council import levels_page
from portal.entrypoints.routes_lists_web import sender_of, spreadsheet, upload_of
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import conferences

LABELS: dict[str, Any] = {"balance": BALANCE, "below_vi": BELOW_VI, "done_vi": DONE_VI}


class PlanForm(BaseModel):
    """What the plan form posts, as typed."""

    csrf: str = ""
    key: str = ""
    level: str
    name: str = ""
    hold_by: str = ""
    max_delegates: str = ""
    exemplar_share: str = "70"
    reports_due: str = ""
    min_nu: str = ""
    min_tre: str = ""
    min_dan_toc: str = ""
    min_ton_giao: str = ""
    min_truc_tiep: str = ""
    min_nganh: str = ""


class StepForm(BaseModel):
    """What the confirmation and report forms post."""

    csrf: str = ""
    key: str = ""
    held_on: str = ""
    attended: str = ""
    honoured: str = ""
    summary: str = ""


def conferences_router(load: SessionLoader) -> APIRouter:
    """/conferences?level= and /conferences/{id} with its steps."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/conferences", response_class=HTMLResponse)
    async def list_view(request: Request, me: Me, level: str = "") -> Response:
        if not level:
            return await levels_page(
                request, me, "/conferences", "conferences_levels.html", conferences.OFFICES
            )
        return await _list_page(request, me, level)

    @router.post("/conferences", response_class=HTMLResponse)
    async def plan(request: Request, me: Me, form: Annotated[PlanForm, Form()]) -> Response:
        typed = form.model_dump(exclude={"csrf", "key", "level"})
        try:
            cid = await conferences.plan(me.api("registration"), form.level, typed, form.key)
        except ApiError as error:
            return await _list_page(request, me, form.level, refusal=(error, typed))
        await me.close()
        return _done(cid, "planned")

    @router.get("/conferences/{conference_id}", response_class=HTMLResponse)
    async def view(request: Request, conference_id: str, me: Me, done: str = "") -> Response:
        return await _conference_page(request, me, conference_id, done=done)

    @router.get("/conferences/{conference_id}/delegates.xlsx")
    async def sheet(request: Request, conference_id: str, me: Me) -> Response:
        path = f"/conferences/{quote(conference_id)}/delegates.xlsx"
        return await spreadsheet(request, me, lambda: path, "danh-sach-dai-bieu.xlsx")

    @router.post("/conferences/{conference_id}/delegates", response_class=HTMLResponse)
    async def send(
        request: Request, conference_id: str, me: Me, form: Annotated[StepForm, Form()],
        file: Annotated[UploadFile | None, File()] = None,
    ) -> Response:  # fmt: skip
        upload = await upload_of(file)
        step = partial(conferences.send_sheet, sender_of(me), conference_id, upload, form.key)
        return await _step(request, me, conference_id, step, "sent")

    @router.post("/conferences/{conference_id}/confirmation", response_class=HTMLResponse)
    async def confirm(
        request: Request, conference_id: str, me: Me, form: Annotated[StepForm, Form()]
    ) -> Response:
        step = partial(conferences.confirm, me.api("registration"), conference_id, form.key)
        return await _step(request, me, conference_id, step, "confirmed")

    @router.post("/conferences/{conference_id}/report", response_class=HTMLResponse)
    async def report(
        request: Request, conference_id: str, me: Me, form: Annotated[StepForm, Form()]
    ) -> Response:
        typed = form.model_dump(exclude={"csrf", "key"})
        step = partial(conferences.report, me.api("registration"), conference_id, typed, form.key)
        return await _step(request, me, conference_id, step, "reported", typed)

    return router


async def _step(
    request: Request, me: Caller, conference_id: str, step: Callable[[], Awaitable[None]], done: str,
    typed: dict[str, Any] | None = None,
) -> Response:  # fmt: skip
    try:
        await step()
    except ApiError as error:
        return await _conference_page(request, me, conference_id, refusal=(error, typed or {}, done))
    await me.close()
    return _done(conference_id, done)


async def _list_page(
    request: Request, me: Caller, level: str, refusal: tuple[ApiError, dict[str, Any]] | None = None
) -> Response:
    try:
        data = await conferences.conferences_of(
            me.api("registration"), me.api("access"), datetime.now(UTC), level
        )
    except ApiError as failed:
        return page(request, "problem.html", me, status=failed.status, error=failed)
    finally:
        await me.close()
    if refusal is None:
        return page(request, "conferences.html", me, data=data, typed={}, **LABELS)
    error, typed = refusal
    return refused(request, me, error, "conferences.html", data=data, typed=typed, **LABELS)


async def _conference_page(
    request: Request, me: Caller, conference_id: str, *, done: str = "",
    refusal: tuple[ApiError, dict[str, Any], str] | None = None,
) -> Response:  # fmt: skip
    try:
        conference = await me.api("registration").get(f"/conferences/{conference_id}")
    except ApiError as failed:
        return page(request, "problem.html", me, status=failed.status, error=failed)
    finally:
        await me.close()
    context: dict[str, Any] = {"c": conference, "keys": form_keys("sent", "confirmed", "reported"), **LABELS}
    if refusal is None:
        return page(request, "conference.html", me, done=done, typed={}, form="", **context)
    error, typed, form = refusal
    return refused(request, me, error, "conference.html", done="", typed=typed, form=form, **context)


def _done(conference_id: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/conferences/{quote(conference_id)}?done={done}", status_code=303)
