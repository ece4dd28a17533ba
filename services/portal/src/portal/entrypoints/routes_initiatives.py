"""The initiative council's pages: a level's initiatives, one initiative, its marking sheet and decision."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.domain.clusters import points_vi
from portal.domain.initiatives import DONE_VI, PAGE, SCOPE_VI, STATUS_FILTERS
from portal.domain.office import form_keys, page_link, page_size
from portal.entrypoints.routes_council import levels_page
from portal.entrypoints.web import TEMPLATES, Caller, SessionLoader, page, refused
from portal.usecases import initiatives

TEMPLATES.env.filters["points_vi"] = points_vi
LABELS: dict[str, Any] = {"scope_vi": SCOPE_VI, "done_vi": DONE_VI, "filters": STATUS_FILTERS}


class SheetForm(BaseModel):
    """What the marking sheet posts: a box per criterion, a comment."""

    csrf: str = ""
    key: str = ""
    tinh_moi: str = ""
    kha_nang_ap_dung: str = ""
    hieu_qua: str = ""
    comment: str = ""


class VerdictForm(BaseModel):
    """What the chair's form posts."""

    csrf: str = ""
    key: str = ""
    recognised: str = ""
    scope: str = ""
    decision_number: str = ""
    signed_on: str = ""
    reasons: str = ""


def initiatives_router(load: SessionLoader) -> APIRouter:
    """/initiatives (a level's list) and /initiatives/{id} with its marks and decision."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/initiatives", response_class=HTMLResponse)
    async def list_view(
        request: Request, me: Me, level: str = "", status: str = "",
        skip: Annotated[int, Query(ge=0, le=100_000)] = 0, limit: int = 0,
    ) -> Response:  # fmt: skip
        if not level:
            return await levels_page(request, me, "/initiatives", "initiatives_levels.html")
        shelf = initiatives.Shelf(level, status, skip, page_size(limit or PAGE))
        try:
            data = await initiatives.initiatives_of(
                me.api("review"), me.api("access"), datetime.now(UTC), shelf
            )
        except ApiError as failed:
            return page(request, "problem.html", me, status=failed.status, error=failed)
        finally:
            await me.close()

        def link(to: int) -> str:
            return page_link("/initiatives", {"level": level, "status": status}, to)

        return page(request, "initiatives.html", me, data=data, link=link, **LABELS)

    @router.get("/initiatives/{submission_id}", response_class=HTMLResponse)
    async def initiative_view(request: Request, submission_id: str, me: Me, done: str = "") -> Response:
        return await _initiative_page(request, me, submission_id, done=done)

    @router.post("/initiatives/{submission_id}/scores", response_class=HTMLResponse)
    async def score(
        request: Request, submission_id: str, me: Me, form: Annotated[SheetForm, Form()]
    ) -> Response:
        marks = {
            "tinh_moi": form.tinh_moi,
            "kha_nang_ap_dung": form.kha_nang_ap_dung,
            "hieu_qua": form.hieu_qua,
        }
        try:
            await initiatives.score(
                me.api("review"), submission_id, me.session.name, marks, form.comment, form.key
            )
        except ApiError as error:
            typed = form.model_dump(exclude={"csrf", "key"})
            return await _initiative_page(request, me, submission_id, refusal=(error, typed, "score"))
        await me.close()
        return _done(submission_id, "scored")

    @router.post("/initiatives/{submission_id}/decision", response_class=HTMLResponse)
    async def decide(
        request: Request, submission_id: str, me: Me, form: Annotated[VerdictForm, Form()]
    ) -> Response:
        verdict = initiatives.Verdict(
            form.recognised, form.scope, form.decision_number, form.signed_on, form.reasons
        )
        try:
            await initiatives.decide(me.api("review"), submission_id, verdict, form.key)
        except ApiError as error:
            typed = form.model_dump(exclude={"csrf", "key"})
            return await _initiative_page(request, me, submission_id, refusal=(error, typed, "decide"))
        await me.close()
        return _done(submission_id, "decided")

    return router


async def _initiative_page(
    request: Request,
    me: Caller,
    submission_id: str,
    *,
    done: str = "",
    refusal: tuple[ApiError, dict[str, Any], str] | None = None,
) -> Response:
    """The initiative's page; a refusal beside the form it came from, what was typed kept."""
    try:
        view = await initiatives.initiative_view(
            me.api("review"), me.api("access"), datetime.now(UTC), submission_id, me.session.subject
        )
    except ApiError as failed:
        return page(request, "problem.html", me, status=failed.status, error=failed)
    finally:
        await me.close()
    context: dict[str, Any] = {"view": view, "keys": form_keys("score", "decide"), **LABELS}
    if refusal is None:
        return page(request, "initiative.html", me, done=done, typed={}, form="", **context)
    error, typed, form = refusal
    if error.code == "INITIATIVE_CLOSED" and form == "decide" and not view.pending:
        return _done(submission_id, "decided")  # a double click: the first request decided
    return refused(request, me, error, "initiative.html", done="", typed=typed, form=form, **context)


def _done(submission_id: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/initiatives/{quote(submission_id)}?done={done}", status_code=303)
