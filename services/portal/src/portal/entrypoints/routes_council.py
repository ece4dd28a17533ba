"""Journey 3's pages: a level's council sessions; a session's agenda, attendance, open, close, decisions."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError, ServiceApi
from portal.domain import council as words
from portal.domain.office import AWARD_VI, day_from_vi, form_keys, page_link, page_size
from portal.entrypoints.routes_council_ballot import ballot_router
from portal.entrypoints.routes_council_papers import papers_router
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import council, office

LABELS: dict[str, Any] = {"session_vi": words.SESSION_STATUS_VI, "done_vi": words.DONE_VI, "awards": AWARD_VI}
FORMS = ("attendance", "open", "close", "decide")


class PlanForm(BaseModel):
    """A session to plan: its name and day."""

    level: str
    name: str = ""
    held_on: str = ""
    csrf: str = ""
    key: str = ""


class SittingForm(BaseModel):
    """What a session's forms post: who is present, or a decision (each form its own boxes)."""

    csrf: str = ""
    key: str = ""
    present: list[str] = []
    number: str = ""
    signed_on: str = ""
    award_code: str = ""
    nomination_ids: list[str] = []


def council_router(load: SessionLoader) -> APIRouter:
    """/council, /council/sessions/{id} and its steps, and the secret ballot."""
    router = APIRouter(include_in_schema=False)
    router.include_router(_sessions_routes(load))
    router.include_router(_sitting_routes(load))
    router.include_router(ballot_router(load))
    router.include_router(papers_router(load))
    return router


def _sessions_routes(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    async def sessions_page(
        request: Request, me: Caller, level: str, skip: int, limit: int, **extra: Any
    ) -> Response:
        try:
            data = await council.sessions_of(
                me.api("review"), me.api("access"), datetime.now(UTC), level, skip, limit
            )
        except ApiError as failed:
            return page(request, "problem.html", me, status=failed.status, error=failed)
        finally:
            await me.close()
        error = extra.pop("error", None)

        def link(to: int) -> str:
            return page_link(
                "/council", {"level": level, "limit": limit if limit != words.PAGE else None}, to
            )

        if error is not None:
            return refused(request, me, error, "council.html", data=data, link=link, **LABELS, **extra)
        return page(request, "council.html", me, data=data, link=link, **LABELS, **extra)

    @router.get("/council", response_class=HTMLResponse)
    async def sessions_view(
        request: Request, me: Me, level: str = "", skip: Annotated[int, Query(ge=0)] = 0, limit: int = 0
    ) -> Response:
        if not level:
            return await levels_page(request, me)
        return await sessions_page(request, me, level, skip, page_size(limit or words.PAGE), typed={})

    @router.post("/council/sessions", response_class=HTMLResponse)
    async def plan(request: Request, me: Me, form: Annotated[PlanForm, Form()]) -> Response:
        try:
            sid = await council.plan(
                me.api("review"), form.level, form.name, day_from_vi(form.held_on), form.key
            )
        except ApiError as error:
            typed = {"name": form.name, "held_on": form.held_on}
            return await sessions_page(request, me, form.level, 0, words.PAGE, typed=typed, error=error)
        await me.close()
        return _done(sid, "planned")

    return router


def _sitting_routes(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    Posted = Annotated[SittingForm, Form()]
    router = APIRouter()

    @router.get("/council/sessions/{session_id}", response_class=HTMLResponse)
    async def session_view(request: Request, session_id: str, me: Me, done: str = "") -> Response:
        return await _session_page(request, me, session_id, done=done)

    @router.post("/council/sessions/{session_id}/attendance", response_class=HTMLResponse)
    async def attendance(request: Request, session_id: str, me: Me, form: Posted) -> Response:
        run = partial(council.attendance, session_id=session_id, present=form.present)
        return await _step(request, me, session_id, form, Sitting(run, "attendance"))

    @router.post("/council/sessions/{session_id}/open", response_class=HTMLResponse)
    async def open_session(request: Request, session_id: str, me: Me, form: Posted) -> Response:
        run = partial(council.open_session, session_id=session_id, key=form.key)
        return await _step(request, me, session_id, form, Sitting(run, "opened"))

    @router.post("/council/sessions/{session_id}/close", response_class=HTMLResponse)
    async def close_session(request: Request, session_id: str, me: Me, form: Posted) -> Response:
        run = partial(council.close_session, session_id=session_id, key=form.key)
        return await _step(request, me, session_id, form, Sitting(run, "closed"))

    @router.post("/council/sessions/{session_id}/decisions", response_class=HTMLResponse)
    async def decide(request: Request, session_id: str, me: Me, form: Posted) -> Response:
        async def run(api: ServiceApi) -> Any:
            level = (await api.get(f"/sessions/{session_id}"))["level_unit_id"]
            decision = council.Decision(
                level, form.number, day_from_vi(form.signed_on), form.award_code, tuple(form.nomination_ids)
            )
            return await council.decide(api, decision, form.key)

        return await _step(request, me, session_id, form, Sitting(run, "decided"))

    return router


@dataclass(frozen=True)
class Sitting:
    """A step of the session: the call, and what the page then says."""

    run: Callable[[ServiceApi], Awaitable[Any]]
    done: str


@dataclass(frozen=True)
class Refusal:
    """A step refused: the service's words, what was typed, the step (a double click may have done it)."""

    error: ApiError
    typed: dict[str, Any]
    step: str


async def _step(
    request: Request, me: Caller, session_id: str, form: SittingForm, sitting: Sitting
) -> Response:
    """Take the step (the form's CSRF token checked), then show the session again."""
    try:
        await sitting.run(me.api("review"))
    except ApiError as error:
        typed = form.model_dump(exclude={"csrf", "key"})
        return await _session_page(request, me, session_id, refusal=Refusal(error, typed, sitting.done))
    await me.close()
    return _done(session_id, sitting.done)


async def levels_page(
    request: Request,
    me: Caller,
    path: str = "/council",
    template: str = "council_levels.html",
    roles: frozenset[str] = council.COUNCIL_ROLES,
) -> Response:
    """The levels whose council the person sits on or serves (one: straight to its page at `path`)."""
    try:
        levels = await office.levels_with(me.api("access"), datetime.now(UTC), roles)
    finally:
        await me.close()
    if len(levels) == 1:
        return RedirectResponse(f"{path}?level={quote(levels[0].unit_id)}", status_code=303)
    return page(request, template, me, levels=levels)


SETTLED = {"opened": ("open", "closed"), "closed": ("closed",)}


async def _session_page(
    request: Request, me: Caller, session_id: str, *, done: str = "", refusal: Refusal | None = None
) -> Response:
    """The session's page; a refusal beside its box, unless a double click's first request did the step."""
    try:
        view = await council.session_view(
            me.api("review"), me.api("access"), datetime.now(UTC), session_id, me.session.subject
        )
    except ApiError as failed:
        return page(request, "problem.html", me, status=failed.status, error=failed)
    finally:
        await me.close()
    context: dict[str, Any] = {"view": view, "keys": form_keys(*FORMS), **LABELS}
    if refusal is None:
        return page(request, "council_session.html", me, done=done, typed={}, **context)
    if refusal.error.status == 409 and view.session["status"] in SETTLED.get(refusal.step, ()):
        return _done(session_id, refusal.step)
    return refused(
        request, me, refusal.error, "council_session.html", done="", typed=refusal.typed, **context
    )


def _done(session_id: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/council/sessions/{quote(session_id)}?done={done}", status_code=303)
