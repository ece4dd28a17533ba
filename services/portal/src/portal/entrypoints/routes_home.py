"""The home page (where I work, my open rounds counting down) and the notification inbox."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.adapters.api import ApiError
from portal.entrypoints.web import Caller, SessionLoader, page
from portal.usecases import home, notifications


def home_router(load: SessionLoader) -> APIRouter:
    """/ and /inbox."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    async def home_page(request: Request, me: Me) -> HTMLResponse:
        now = datetime.now(UTC)
        try:
            places = await home.workplaces(me.api("access"), now)
            rounds = await home.open_rounds(me.api("registration"), places, now)
            inbox = await me.api("notify").get("/inbox", limit=1)
        finally:
            await me.close()
        return page(request, "home.html", me, places=places, rounds=rounds, unread=inbox["unread"])

    @router.get("/inbox", response_class=HTMLResponse)
    async def inbox_page(request: Request, me: Me, skip: int = 0) -> HTMLResponse:
        try:
            inbox = await me.api("notify").get("/inbox", limit=20, skip=max(0, skip))
        finally:
            await me.close()
        return page(request, "inbox.html", me, inbox=inbox, unread=inbox["unread"], skip=max(0, skip))

    @router.post("/inbox/{message_id}/read")
    async def mark_read(request: Request, message_id: str, me: Me) -> Response:
        marked = False
        try:
            await me.api("notify").post(f"/inbox/{message_id}/read")
            marked = True
            me.unread = await notifications.unread(me.api("notify"))  # the badge's count after it
        except ApiError:
            pass  # read elsewhere meanwhile, or not the person's: the inbox shows what is
        finally:
            await me.close()
        if marked and request.headers.get("HX-Request"):
            return page(request, "notification_read.html", me)  # replaces the form; the badge out of band
        return RedirectResponse("/inbox", status_code=303)

    return router
