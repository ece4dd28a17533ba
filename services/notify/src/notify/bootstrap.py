"""Wires the notify service's adapters into its use cases."""

from __future__ import annotations

import functools

from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import database, make_client
from emutrack_kit.runtime import ServiceRuntime
from notify import handlers
from notify.adapters.repositories import Inbox
from notify.config import SERVICE, Settings
from notify.handlers import Deps


def deps(settings: Settings) -> Deps:
    """Repositories on a fresh client (HTTP process)."""
    return Deps(Inbox(database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE)))


def event_handlers(d: Deps) -> dict[str, Handler]:
    """Event type -> use case: every event type the routing rules name."""
    return {event_type: functools.partial(handlers.on_event, d) for event_type in d.routes}


def runtime(settings: Settings) -> tuple[ServiceRuntime, Deps]:
    """The consumer-side runtime."""
    rt = ServiceRuntime(SERVICE, settings)
    return rt, Deps(Inbox(rt.db))
