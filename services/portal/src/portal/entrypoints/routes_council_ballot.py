"""The secret ballot in the browser: nothing of a vote in URLs, cookies, storage or any page after it is cast.

The ballot page and everything after it answer `Cache-Control: no-store` (no copy in the browser's
cache or back-forward cache), the form asks the browser not to remember what was chosen, the choice
goes only in the POST body, and the answer is a redirect to a page saying only that the vote counted.
"""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.domain import council as words
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import council


class BallotForm(BaseModel):
    """One member's vote on one item (never kept by the portal)."""

    choice: str = ""
    csrf: str = ""
    key: str = ""


def ballot_router(load: SessionLoader) -> APIRouter:
    """/council/sessions/{id}/items/{nomination}/ballot and /council/sessions/{id}/ballot-recorded."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/council/sessions/{session_id}/items/{nomination_id}/ballot", response_class=HTMLResponse)
    async def ballot_view(request: Request, session_id: str, nomination_id: str, me: Me) -> Response:
        return await _ballot_page(request, me, session_id, nomination_id)

    @router.post("/council/sessions/{session_id}/items/{nomination_id}/ballot", response_class=HTMLResponse)
    async def cast(
        request: Request, session_id: str, nomination_id: str, me: Me, form: Annotated[BallotForm, Form()]
    ) -> Response:
        try:
            view = await council.session_view(
                me.api("review"), me.api("access"), datetime.now(UTC), session_id, me.session.subject
            )
            await council.vote(me.api("review"), session_id, nomination_id, form.choice, view.mode, form.key)
        except ApiError as error:
            if error.code == "ALREADY_VOTED":  # a double click's second request: the vote counted once
                await me.close()
                return _recorded(session_id)
            return await _ballot_page(request, me, session_id, nomination_id, error)
        await me.close()
        return _recorded(session_id)

    @router.get("/council/sessions/{session_id}/ballot-recorded", response_class=HTMLResponse)
    async def recorded(request: Request, session_id: str, me: Me) -> Response:
        await me.close()
        response = page(request, "council_recorded.html", me, session_id=session_id, said=words.RECORDED)
        response.headers.update(words.NO_STORE)
        return response

    return router


async def _ballot_page(
    request: Request, me: Caller, session_id: str, nomination_id: str, error: ApiError | None = None
) -> Response:
    """The ballot of one item (the question, the threshold, three choices; never a choice made)."""
    try:
        view = await council.session_view(
            me.api("review"), me.api("access"), datetime.now(UTC), session_id, me.session.subject
        )
    except ApiError as failed:
        return page(request, "problem.html", me, status=failed.status, error=failed)
    finally:
        await me.close()
    items = [i for i in view.session["agenda"] if i["nomination_id"] == nomination_id]
    context: dict[str, Any] = {
        "view": view, "item": items[0] if items else None, "choices": words.CHOICES, "modes": words.MODE_VI,
    }  # fmt: skip
    if error is None:
        response = page(request, "council_ballot.html", me, **context)
    else:
        response = refused(request, me, error, "council_ballot.html", **context)
    response.headers.update(words.NO_STORE)
    return response


def _recorded(session_id: str) -> RedirectResponse:
    response = RedirectResponse(f"/council/sessions/{quote(session_id)}/ballot-recorded", status_code=303)
    response.headers.update(words.NO_STORE)
    return response
