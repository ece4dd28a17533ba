"""HTTP API of the notify service: the in-app inbox, units' notification settings, the delivery log."""

from fastapi import FastAPI

from emutrack_kit.http import principal_dependency, service_app, verifier_for
from notify import bootstrap
from notify.config import Settings
from notify.entrypoints.routes_inbox import inbox_router
from notify.entrypoints.routes_levels import deliveries_router, templates_router
from notify.entrypoints.routes_reminders import reminders_router
from notify.entrypoints.routes_settings import settings_router
from notify.usecases.context import Context


def create_app(settings: Settings | None = None, deps: Context | None = None) -> FastAPI:
    """The notify HTTP app."""
    settings = settings or Settings()
    ctx = deps or bootstrap.deps(settings)
    authenticated = principal_dependency(verifier_for(settings))
    app = service_app("emutrack notify")
    app.include_router(inbox_router(ctx, authenticated))
    app.include_router(settings_router(ctx, authenticated))
    app.include_router(deliveries_router(ctx, authenticated))
    app.include_router(templates_router(ctx, authenticated))
    app.include_router(reminders_router(ctx, authenticated))
    return app
