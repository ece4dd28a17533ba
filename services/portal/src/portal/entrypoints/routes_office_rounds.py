"""Journey 2's round pages: a level's rounds, their coverage, remind now, accept a late registration."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import office, office_rounds
from portal.usecases.office import OFFICE_ROLES

KINDS_VI = {
    "registration": "Đăng ký thi đua",
    "nomination": "Hồ sơ đề nghị khen thưởng",
    "initiative": "Sáng kiến",
    "exemplar": "Gương điển hình",
}


class RemindForm(BaseModel):
    """Remind one unit (or, without one, every unit still to submit)."""

    level: str
    unit_id: str = ""
    csrf: str = ""
    key: str = ""


class LateForm(BaseModel):
    """A registration received after the deadline: the unit, its title, why it is accepted."""

    level: str
    unit_id: str = ""
    title_code: str = ""
    reason: str = ""
    csrf: str = ""
    key: str = ""


def office_rounds_router(load: SessionLoader) -> APIRouter:
    """/office/rounds, /office/rounds/{id}, its reminders and late registrations."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/office/rounds", response_class=HTMLResponse)
    async def rounds_view(request: Request, me: Me, level: str = "") -> Response:
        try:
            if not level:
                return RedirectResponse("/office", status_code=303)
            place = await office.level_of(me.api("access"), datetime.now(UTC), level, OFFICE_ROLES)
            rounds = await office_rounds.level_rounds(me.api("registration"), level)
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(request, "office_rounds.html", me, level=place, rounds=rounds, kinds=KINDS_VI)

    @router.get("/office/rounds/{round_id}", response_class=HTMLResponse)
    async def round_view(
        request: Request, round_id: str, me: Me, level: str = "", reminded: int = -1, late: str = ""
    ) -> Response:
        return await _round_page(request, me, round_id, level, reminded=reminded, late=late)

    router.include_router(_round_steps(load))
    return router


def _round_steps(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.post("/office/rounds/{round_id}/reminders", response_class=HTMLResponse)
    async def remind(
        request: Request, round_id: str, me: Me, form: Annotated[RemindForm, Form()]
    ) -> Response:
        try:
            reminded = await office_rounds.remind(me.api("notify"), round_id, form.unit_id, form.key)
        except ApiError as error:
            return await _round_page(request, me, round_id, form.level, error=error)
        await me.close()
        return _back(round_id, form.level, reminded=len(reminded))

    @router.post("/office/rounds/{round_id}/late-registrations", response_class=HTMLResponse)
    async def accept_late(
        request: Request, round_id: str, me: Me, form: Annotated[LateForm, Form()]
    ) -> Response:
        typed = form.model_dump(include={"unit_id", "title_code", "reason"})
        try:
            accepted = await office_rounds.accept_late(me.api("registration"), round_id, typed, form.key)
        except ApiError as error:
            return await _round_page(request, me, round_id, form.level, error=error, typed=typed)
        await me.close()
        return _back(round_id, form.level, late=str(accepted["unit_name"]))

    return router


async def _round_page(
    request: Request, me: Caller, round_id: str, level: str, *, error: ApiError | None = None,
    **context: Any,
) -> Response:  # fmt: skip
    """The round's coverage page (again with a refusal beside its box, and what was typed)."""
    try:
        data = await office_rounds.round_coverage(me.api("registration"), me.api("reporting"), round_id)
    except ApiError as failed:
        return page(request, "problem.html", me, status=failed.status, error=failed)
    finally:
        await me.close()
    shown = {"reminded": -1, "late": "", "typed": {}, **context}
    if error is not None:
        return refused(
            request, me, error, "office_round.html", data=data, level=level, kinds=KINDS_VI, **shown
        )
    return page(request, "office_round.html", me, data=data, level=level, kinds=KINDS_VI, **shown)


def _back(round_id: str, level: str, **said: object) -> RedirectResponse:
    query = urlencode({"level": level, **said})
    return RedirectResponse(f"/office/rounds/{quote(round_id)}?{query}", status_code=303)
