"""What every page shares: Vietnamese templates, the signed-in person, forms safe against CSRF."""

# No `from __future__ import annotations`: FastAPI must see the real types of the dependencies.

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from emutrack_kit.clock import HANOI
from portal.adapters.api import ApiError, Connections, ServiceApi
from portal.adapters.sessions import Session, SessionBook
from portal.config import Settings
from portal.domain.vn import ROLE_VI, STATUS_VI, countdown_vi, day_vi, moment_vi
from portal.usecases.notifications import glance

HERE = Path(__file__).resolve().parent.parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.filters.update(day=day_vi, moment=moment_vi, role=lambda r: ROLE_VI.get(r, r))
TEMPLATES.env.filters["status"] = lambda s: STATUS_VI.get(s, s)
TEMPLATES.env.globals["countdown"] = lambda d: countdown_vi(d, datetime.now(UTC))


FORM_EXPIRED = ApiError(400, "FORM_EXPIRED", "Biểu mẫu đã hết hạn; hãy tải lại trang và gửi lại.")


class SignInNeeded(Exception):
    """The page needs a signed-in person."""


class FormExpired(Exception):
    """A form whose CSRF token is not the session's (a forgery, in practice): nothing is asked of anyone."""


@dataclass
class Caller:
    """The signed-in person on this request, and the services on their behalf."""

    session: Session
    settings: Settings
    csrf: str
    apis: dict[str, ServiceApi] = field(default_factory=dict)
    connections: Connections | None = None  # the process's pools to the services
    unread: int | None = None  # the badge every page shows (None: the inbox did not answer)
    roles: frozenset[str] = frozenset()  # roles held today, anywhere: which links the header offers

    def api(self, service: str) -> ServiceApi:
        """A service's API with the person's token."""
        if service not in self.apis:
            url = getattr(self.settings, f"{service}_url")
            self.apis[service] = ServiceApi(url, self.session.access_token, connections=self.connections)
        return self.apis[service]

    async def close(self) -> None:
        """Release the APIs' connections."""
        for api in self.apis.values():
            await api.close()


def csrf_token(request: Request) -> str:
    """The session's token that every form posts back."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(24)
    return str(token)


def page(
    request: Request, template: str, caller: Caller | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """A page of the portal."""
    context = {"unread": caller.unread if caller else None, **context}  # a page may give a fresher count
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {"caller": caller, "csrf": csrf_token(request), "key": secrets.token_urlsafe(16), **context},
        status_code=status,
    )


def refused(request: Request, caller: Caller, error: ApiError, template: str, **context: Any) -> HTMLResponse:
    """The same page again, with what the person typed and the service's message next to its field."""
    status = error.status if 400 <= error.status < 500 else 503
    return page(request, template, caller, status=status, error=error, **context)


SessionLoader = Callable[[Request], Awaitable[Caller]]


def caller_loader(
    settings: Settings, sessions: SessionBook, refresh: Callable[[Session], Awaitable[Session]]
) -> SessionLoader:
    """The dependency giving the signed-in person (refreshing its token when it has expired)."""
    connections = Connections()

    async def load(request: Request) -> Caller:
        session_id = request.session.get("sid")
        now = datetime.now(UTC)
        session = await sessions.get(str(session_id), now) if session_id else None
        if session is None:
            raise SignInNeeded
        csrf = csrf_token(request)
        if request.method == "POST" and (await request.form()).get("csrf") != csrf:
            raise FormExpired  # every form, checked once here, before any service is asked anything
        if session.access_expires_at <= now:
            session = await refresh(session)
        caller = Caller(session, settings, csrf, connections=connections)
        seen = await glance(caller.api("notify"), caller.api("access"), now.astimezone(HANOI).date())
        caller.unread, caller.roles = seen.unread, seen.roles
        return caller

    return load


def to_sign_in(request: Request) -> Response:
    """Where a person without a session goes (back to this page afterwards)."""
    request.session["after_sign_in"] = str(request.url.path)
    return RedirectResponse("/auth/login", status_code=303)
