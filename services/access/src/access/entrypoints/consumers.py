"""Consumer process of the access service: the tree replica, bindings ended with their unit, the relay."""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from access import bootstrap
from access.config import Settings
from access.entrypoints.subscribers import SUBSCRIBERS


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The access consumer app."""
    runtime, ctx = bootstrap.runtime(settings or Settings())
    runtime.subscribe(SUBSCRIBERS.topics(), SUBSCRIBERS.bind(ctx))

    async def prepare() -> None:
        await ctx.bindings.ensure_indexes()

    return runtime.asgi_app(title="emutrack access events", prepare=prepare)
