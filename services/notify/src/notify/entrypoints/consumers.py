"""Consumer process of the notify service: it subscribes to the topics of the event types it handles."""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from notify import bootstrap
from notify.config import Settings
from notify.entrypoints.subscribers import SUBSCRIBERS


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The notify consumer app."""
    runtime, ctx = bootstrap.runtime(settings or Settings())
    runtime.subscribe(SUBSCRIBERS.topics(), SUBSCRIBERS.bind(ctx))

    async def prepare() -> None:
        await ctx.inbox.ensure_indexes()
        await ctx.deliveries.ensure_indexes()

    return runtime.asgi_app(title="emutrack notify events", prepare=prepare)
