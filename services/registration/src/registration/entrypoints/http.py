"""HTTP API of the registration service (thin: parse, call a use case, shape the answer)."""

from fastapi import FastAPI

from emutrack_kit.http import principal_dependency, service_app, verifier_for
from registration import bootstrap
from registration.config import Settings
from registration.entrypoints.routes_calendars import calendars_router
from registration.entrypoints.routes_conferences import conferences_router
from registration.entrypoints.routes_dossiers import dossiers_router
from registration.entrypoints.routes_forms import forms_router
from registration.entrypoints.routes_people import people_router
from registration.entrypoints.routes_planning import planning_router
from registration.entrypoints.routes_registrations import registrations_router
from registration.entrypoints.routes_submissions import submissions_router
from registration.entrypoints.routes_units import units_router
from registration.usecases.context import Context


def create_app(settings: Settings | None = None, deps: Context | None = None) -> FastAPI:
    """The registration HTTP app (`deps`: the use cases' context, wired by bootstrap unless given)."""
    settings = settings or Settings()
    ctx = deps or bootstrap.deps(settings)
    authenticated = principal_dependency(verifier_for(settings))

    async def startup() -> None:
        await bootstrap.ensure_indexes(ctx)

    app = service_app("emutrack registration", startup)
    for router in (
        planning_router,
        calendars_router,
        registrations_router,
        units_router,
        people_router,
        forms_router,
        submissions_router,
        dossiers_router,
        conferences_router,
    ):
        app.include_router(router(ctx, authenticated))
    return app
