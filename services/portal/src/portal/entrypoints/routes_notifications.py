"""Journey 7: a unit's notification settings — each role's channels per kind of news, the e-mail contacts."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from emutrack_kit.clock import HANOI
from portal.adapters.api import ApiError
from portal.domain.notifications import (
    CHANNEL_VI,
    KIND_VI,
    chosen_channels,
    contacts_posted,
    preferences_body,
)
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import notifications

SETTINGS = "notification_settings.html"


class PreferencesPost(BaseModel):
    """The kinds ticked in each column of one role's table."""

    email: list[str] = []
    webhook: list[str] = []
    digest: list[str] = []
    csrf: str = ""
    key: str = ""


def _today() -> date:
    return datetime.now(HANOI).date()


def _labels() -> dict[str, Any]:
    return {"kinds": KIND_VI, "channels": CHANNEL_VI}


async def _refusal(send: Callable[[], Awaitable[None]]) -> ApiError | None:
    """The form sent: None once the service took it, else its refusal."""
    try:
        await send()
    except ApiError as error:
        return error
    return None


async def settings_of(me: Caller, unit_id: str | None) -> notifications.SettingsPage:
    """The settings page's data, for the person."""
    return await notifications.settings_page(
        me.api("access"), me.api("registration"), me.api("notify"), unit_id, _today()
    )


async def _chosen_again(
    request: Request, me: Caller, where: tuple[str, str], body: dict[str, Any], error: ApiError
) -> Response:
    """The settings again after a refused choice, with what was ticked and the reason beside it."""
    unit_id, role = where
    try:
        data = await settings_of(me, unit_id)
    except ApiError as failed:
        return page(request, "problem.html", me, status=failed.status, error=failed)
    finally:
        await me.close()
    data.choices[role] = chosen_channels(body)
    return refused(request, me, error, SETTINGS, data=data, refused_role=role, **_labels())


def notifications_router(load: SessionLoader) -> APIRouter:
    """/notifications/settings and its two forms."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter(include_in_schema=False)

    @router.get("/notifications/settings", response_class=HTMLResponse)
    async def settings_view(request: Request, me: Me, unit_id: str | None = None) -> HTMLResponse:
        try:
            data = await settings_of(me, unit_id)
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        done = request.query_params.get("done")
        return page(request, SETTINGS, me, data=data, done=done, **_labels())

    @router.post("/notifications/settings/{unit_id}/preferences/{role}", response_class=HTMLResponse)
    async def choose(
        request: Request, unit_id: str, role: str, me: Me, posted: Annotated[PreferencesPost, Form()]
    ) -> Response:
        body = preferences_body(posted.email, posted.webhook, posted.digest)
        error = await _refusal(partial(notifications.choose, me.api("notify"), unit_id, role, body))
        if error is None:
            await me.close()
            target = urlencode({"unit_id": unit_id, "done": "preferences"})
            return RedirectResponse(f"/notifications/settings?{target}#prefs-{role}", status_code=303)
        return await _chosen_again(request, me, (unit_id, role), body, error)

    @router.post("/notifications/settings/{unit_id}/contacts", response_class=HTMLResponse)
    async def keep_contacts(request: Request, unit_id: str, me: Me) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            data = await settings_of(me, unit_id)
            posted = contacts_posted(form, data.contact_roles)
            keep = partial(notifications.keep_contacts, me.api("notify"), unit_id, posted)
            error = await _refusal(keep)
        except ApiError as failed:
            return page(request, "problem.html", me, status=failed.status, error=failed)
        finally:
            await me.close()
        if error is not None:
            data.contacts.update(posted)  # what was typed, shown again beside the refusal
            return refused(request, me, error, SETTINGS, data=data, **_labels())
        target = urlencode({"unit_id": unit_id, "done": "contacts"})
        return RedirectResponse(f"/notifications/settings?{target}#contacts", status_code=303)

    return router
