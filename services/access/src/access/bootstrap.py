"""Wires the access service: its database, the tree replica, the clock."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from access.adapters.bindings import BindingRepository
from access.config import SERVICE, Settings
from access.entrypoints.subscribers import SUBSCRIBERS
from access.usecases.context import Context
from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.org_replica import MongoOrgReplica
from emutrack_kit.runtime import ServiceRuntime


def context_on(db: AsyncDatabase[Document], clock: Clock = system_clock) -> Context:
    """The use cases' context on the service's database."""
    return Context(BindingRepository(db), MongoOrgReplica(db), clock)


def deps(settings: Settings, clock: Clock = system_clock) -> Context:
    """The context on a fresh client (HTTP process, CLI)."""
    return context_on(database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE), clock)


def event_handlers(ctx: Context) -> dict[str, Handler]:
    """Event type -> subscriber bound to the context."""
    return SUBSCRIBERS.bind(ctx)


def runtime(settings: Settings) -> tuple[ServiceRuntime, Context]:
    """The consumer-side runtime, relaying the bindings' outbox."""
    rt = ServiceRuntime(SERVICE, settings)
    ctx = context_on(rt.db)
    rt.with_relay([ctx.bindings.collection])
    return rt, ctx
