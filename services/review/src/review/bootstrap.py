"""Wires the review service's adapters into its use cases."""

from __future__ import annotations

import functools

from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import database, make_client
from emutrack_kit.runtime import ServiceRuntime
from review import handlers
from review.adapters.repositories import EvaluationRegister
from review.config import SERVICE, Settings
from review.handlers import Deps


def deps(settings: Settings) -> Deps:
    """Repositories on a fresh client (HTTP process)."""
    return Deps(
        EvaluationRegister(database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE))
    )


def event_handlers(d: Deps) -> dict[str, Handler]:
    """Event type -> use case."""
    return {"registration.submitted": functools.partial(handlers.on_registration_submitted, d)}


def runtime(settings: Settings) -> tuple[ServiceRuntime, Deps]:
    """The consumer-side runtime."""
    rt = ServiceRuntime(SERVICE, settings)
    return rt, Deps(EvaluationRegister(rt.db))
