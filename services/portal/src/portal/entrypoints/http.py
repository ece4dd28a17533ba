"""The portal's web app: sign-in, then every page calls the services with the person's own token."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from emutrack_kit.mongo import database, make_client
from portal.adapters.api import ApiError
from portal.adapters.sessions import SessionBook
from portal.config import SERVICE, Settings
from portal.entrypoints.auth import auth_router, provider, refresher
from portal.entrypoints.routes_admin import admin_router
from portal.entrypoints.routes_clusters import clusters_router
from portal.entrypoints.routes_conferences import conferences_router
from portal.entrypoints.routes_council import council_router
from portal.entrypoints.routes_dashboard import dashboard_router
from portal.entrypoints.routes_dossiers import dossiers_router
from portal.entrypoints.routes_holidays import holidays_router
from portal.entrypoints.routes_home import home_router
from portal.entrypoints.routes_initiatives import initiatives_router
from portal.entrypoints.routes_lists import lists_router
from portal.entrypoints.routes_notifications import notifications_router
from portal.entrypoints.routes_office import office_router
from portal.entrypoints.routes_public import public_router
from portal.entrypoints.routes_rounds import rounds_router
from portal.entrypoints.web import FORM_EXPIRED, FormExpired, SignInNeeded, caller_loader, page, to_sign_in

STATIC = Path(__file__).resolve().parent.parent / "static"


def security_headers_for(settings: Settings) -> dict[str, str]:
    """Headers of every page: nothing loads from elsewhere; forms go to the portal or the sign-in."""
    issuer = "/".join(settings.oidc_issuer.split("/")[:3])
    return {
        "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        f"script-src 'self'; frame-ancestors 'none'; form-action 'self' {issuer}",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }


def create_app(settings: Settings | None = None, sessions: SessionBook | None = None) -> FastAPI:
    """The portal app."""
    settings = settings or Settings()
    sessions = sessions or SessionBook(
        database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE)
    )
    idp = provider(settings)
    load = caller_loader(settings, sessions, refresher(idp, sessions))
    app = FastAPI(title="emutrack portal", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie="emt_portal",
        same_site="lax",
        https_only=settings.public_url.startswith("https://"),
        max_age=12 * 3600,
    )

    headers = security_headers_for(settings)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: object) -> Response:
        started = perf_counter()
        response: Response = await call_next(request)  # type: ignore[operator]
        response.headers.update(headers)
        # The page's time in the portal (its calls to the services included), for the bench and browsers.
        response.headers["Server-Timing"] = f"app;dur={(perf_counter() - started) * 1000:.1f}"
        return response

    @app.exception_handler(SignInNeeded)
    async def sign_in_first(request: Request, _: SignInNeeded) -> Response:
        return to_sign_in(request)

    @app.exception_handler(FormExpired)
    async def form_expired(request: Request, _: FormExpired) -> Response:
        response = page(request, "problem.html", None, status=400, error=FORM_EXPIRED)
        response.headers["Cache-Control"] = "no-store"  # a ballot's page among them
        return response

    @app.exception_handler(RequestValidationError)
    async def not_a_form_of_ours(request: Request, error: RequestValidationError) -> Response:
        fields = {str(e["loc"][-1]): "Ô này thiếu hoặc không hợp lệ." for e in error.errors()}
        message = "Biểu mẫu thiếu ô hoặc có ô không hợp lệ; hãy tải lại trang và điền lại."
        refusal = ApiError(422, "FORM_INVALID", message, fields=fields)
        return page(request, "problem.html", None, status=422, error=refusal)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok", "at": datetime.now(UTC).isoformat()}

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(auth_router(settings, idp, sessions))
    app.include_router(public_router(settings))
    app.include_router(home_router(load))
    app.include_router(admin_router(load))
    app.include_router(notifications_router(load))
    app.include_router(rounds_router(load))
    app.include_router(lists_router(load))
    app.include_router(dossiers_router(load))
    app.include_router(office_router(load))
    app.include_router(council_router(load))
    app.include_router(initiatives_router(load))
    app.include_router(holidays_router(load))
    app.include_router(conferences_router(load))
    app.include_router(clusters_router(load))
    app.include_router(dashboard_router(load))
    return app


__all__ = ["HTMLResponse", "create_app"]
