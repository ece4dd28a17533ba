"""Journey 2's nomination page: return with reasons, appraise, accept, agenda, public comment, forward."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError, ServiceApi
from portal.domain import office as words
from portal.domain.office import form_keys
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import office_nomination

LABELS: dict[str, Any] = {
    "awards": words.AWARD_VI, "verdicts": words.VERDICT_VI, "outcomes": words.OUTCOME_VI,
    "kinds": words.DOSSIER_KIND_VI, "statuses": words.INBOX_STATUSES, "done_vi": words.DONE_VI,
}  # fmt: skip
FORMS = ("appraise", "accept", "return", "comment", "forward", "agenda", "central")


class NominationForm(BaseModel):
    """What a nomination's forms post (each uses its own boxes), with the CSRF token and key."""

    csrf: str = ""
    key: str = ""
    reasons: str = ""
    override_reason: str = ""
    published_on: str = ""
    channel: str = ""
    session_id: str = ""
    number: str = ""
    signed_on: str = ""
    decided_by: str = ""
    awarded: str = "yes"
    reason: str = ""


@dataclass(frozen=True)
class Step:
    """A step on a nomination: the call, what the page then says, the statuses meaning it is already done."""

    run: Callable[[ServiceApi], Awaitable[Any]]
    done: str
    reached: tuple[str, ...]


def nomination_router(load: SessionLoader) -> APIRouter:
    """/office/nominations/{id} and the office's steps on it."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/office/nominations/{nomination_id}", response_class=HTMLResponse)
    async def nomination_page(request: Request, nomination_id: str, me: Me, done: str = "") -> Response:
        try:
            view = await office_nomination.nomination_view(me.api("review"), nomination_id)
            level = await _level_name(me.api("registration"), view.nomination["level_unit_id"])
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(
            request, "office_nomination.html", me, view=view, level_name=level, done=done, typed={},
            keys=form_keys(*FORMS), **LABELS,
        )  # fmt: skip

    router.include_router(_appraisal_steps(load))
    router.include_router(_council_steps(load))
    return router


def _appraisal_steps(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    Posted = Annotated[NominationForm, Form()]
    router = APIRouter()

    @router.post("/office/nominations/{nomination_id}/appraisal", response_class=HTMLResponse)
    async def appraise(request: Request, nomination_id: str, me: Me, form: Posted) -> Response:
        run = partial(office_nomination.appraise, nomination_id=nomination_id, key=form.key)
        return await _act(request, me, nomination_id, form, Step(run, "appraised", ()))

    @router.post("/office/nominations/{nomination_id}/accept", response_class=HTMLResponse)
    async def accept(request: Request, nomination_id: str, me: Me, form: Posted) -> Response:
        run = partial(
            office_nomination.accept, nomination_id=nomination_id, reason=form.override_reason, key=form.key
        )
        return await _act(request, me, nomination_id, form, Step(run, "accepted", ("appraised",)))

    @router.post("/office/nominations/{nomination_id}/return", response_class=HTMLResponse)
    async def give_back(request: Request, nomination_id: str, me: Me, form: Posted) -> Response:
        run = partial(
            office_nomination.return_with, nomination_id=nomination_id, text=form.reasons, key=form.key
        )
        return await _act(request, me, nomination_id, form, Step(run, "returned", ("returned",)))

    return router


def _council_steps(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    Posted = Annotated[NominationForm, Form()]
    router = APIRouter()

    @router.post("/office/nominations/{nomination_id}/agenda", response_class=HTMLResponse)
    async def to_agenda(request: Request, nomination_id: str, me: Me, form: Posted) -> Response:
        run = partial(
            office_nomination.put_on_agenda, session_id=form.session_id, nomination_id=nomination_id,
            key=form.key,
        )  # fmt: skip
        return await _act(request, me, nomination_id, form, Step(run, "on_agenda", ("on_agenda",)))

    @router.post("/office/nominations/{nomination_id}/public-comment", response_class=HTMLResponse)
    async def publish(request: Request, nomination_id: str, me: Me, form: Posted) -> Response:
        run = partial(
            office_nomination.open_comment, nomination_id=nomination_id,
            published_on=words.day_from_vi(form.published_on), channel=form.channel, key=form.key,
        )  # fmt: skip
        return await _act(request, me, nomination_id, form, Step(run, "published", ()))

    @router.post("/office/nominations/{nomination_id}/forward", response_class=HTMLResponse)
    async def send_up(request: Request, nomination_id: str, me: Me, form: Posted) -> Response:
        run = partial(office_nomination.forward, nomination_id=nomination_id, key=form.key)
        return await _act(request, me, nomination_id, form, Step(run, "forwarded", ("forwarded",)))

    @router.post("/office/nominations/{nomination_id}/central-outcome", response_class=HTMLResponse)
    async def central_outcome(request: Request, nomination_id: str, me: Me, form: Posted) -> Response:
        typed = office_nomination.CentralOutcomeTyped(
            form.number, form.signed_on, form.decided_by, form.awarded != "no", form.reason
        )
        run = partial(
            office_nomination.record_central, nomination_id=nomination_id, typed=typed, key=form.key
        )
        return await _act(request, me, nomination_id, form, Step(run, "central", ("decided", "not_passed")))

    return router


async def _act(
    request: Request, me: Caller, nomination_id: str, form: NominationForm, step: Step
) -> Response:
    """Take the step (the form's CSRF token checked), then show the nomination again."""
    try:
        await step.run(me.api("review"))
    except ApiError as error:
        return await _settled_or_refused(request, me, nomination_id, form, step, error)
    await me.close()
    return _done(nomination_id, step.done)


async def _settled_or_refused(
    request: Request, me: Caller, nomination_id: str, form: NominationForm, step: Step, error: ApiError
) -> Response:
    """A refusal shown beside its box, unless the step was already done (a double click's second request)."""
    try:
        view = await office_nomination.nomination_view(me.api("review"), nomination_id)
        level = await _level_name(me.api("registration"), view.nomination["level_unit_id"])
    except ApiError as unreadable:
        return page(request, "problem.html", me, status=unreadable.status, error=unreadable)
    finally:
        await me.close()
    if error.status == 409 and view.nomination["status"] in step.reached:
        return _done(nomination_id, step.done)
    typed = form.model_dump(exclude={"csrf", "key"})
    return refused(
        request, me, error, "office_nomination.html", view=view, level_name=level, done="", typed=typed,
        keys=form_keys(*FORMS), **LABELS,
    )  # fmt: skip


async def _level_name(registration: ServiceApi, level_id: str) -> str:
    return str((await registration.get(f"/units/{level_id}"))["name"])


def _done(nomination_id: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/office/nominations/{quote(nomination_id)}?done={done}", status_code=303)
