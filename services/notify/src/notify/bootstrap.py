"""Wires the notify service's adapters into its use cases."""

from __future__ import annotations

import functools

from emutrack_kit.clock import system_clock
from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import database, make_client
from emutrack_kit.runtime import ServiceRuntime
from notify import handlers, reminder_handlers
from notify.adapters.deadlines import DeadlineBook
from notify.adapters.repositories import Inbox
from notify.config import SERVICE, Settings
from notify.handlers import Deps


def deps(settings: Settings) -> Deps:
    """Repositories on a fresh client (HTTP process)."""
    db = database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE)
    return Deps(Inbox(db), DeadlineBook(db))


def event_handlers(d: Deps) -> dict[str, Handler]:
    """Event type -> use case: every event type the routing rules name."""
    routed = {event_type: functools.partial(handlers.on_event, d) for event_type in d.routes}
    return {
        **routed,
        "registration.submitted": functools.partial(reminder_handlers.on_registration_submitted, d),
        "round.opened": functools.partial(reminder_handlers.on_round_opened, d),
        "unit.created": functools.partial(reminder_handlers.on_unit_created, d),
    }


def runtime(settings: Settings) -> tuple[ServiceRuntime, Deps]:
    """The consumer-side runtime."""
    rt = ServiceRuntime(SERVICE, settings)
    d = Deps(Inbox(rt.db), DeadlineBook(rt.db))
    rt.with_loop(reminder_handlers.ReminderSweeper(d, system_clock))
    return rt, d
