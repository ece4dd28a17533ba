"""HTTP API of the registration service (thin: translate, call a handler, translate back)."""

from fastapi import FastAPI

from emutrack_kit.http import principal_dependency, service_app, verifier_for
from registration import bootstrap
from registration.config import Settings
from registration.entrypoints.routes_dossiers import dossiers_router
from registration.entrypoints.routes_forms import forms_router
from registration.entrypoints.routes_people import people_router
from registration.entrypoints.routes_planning import planning_router
from registration.entrypoints.routes_registrations import registrations_router
from registration.entrypoints.routes_submissions import submissions_router
from registration.entrypoints.routes_units import units_router
from registration.handlers import Deps


def create_app(settings: Settings | None = None, deps: Deps | None = None) -> FastAPI:
    """The registration HTTP app."""
    settings = settings or Settings()
    d = deps or bootstrap.deps(settings)
    authenticated = principal_dependency(verifier_for(settings))

    async def startup() -> None:
        await bootstrap.ensure_indexes(d)

    app = service_app("emutrack registration", startup)
    app.include_router(planning_router(d, authenticated))
    app.include_router(registrations_router(d, authenticated))
    app.include_router(units_router(d, authenticated))
    app.include_router(people_router(d, authenticated))
    app.include_router(forms_router(d, authenticated))
    app.include_router(submissions_router(d, authenticated))
    app.include_router(dossiers_router(d, authenticated))
    return app
