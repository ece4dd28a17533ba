"""Consumer process of the review service."""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from review import bootstrap
from review.config import Settings
from review.entrypoints.subscribers import SUBSCRIBERS


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The review consumer app: subscribed to the topics of the event types it handles."""
    runtime, ctx = bootstrap.runtime(settings or Settings())
    runtime.subscribe(SUBSCRIBERS.topics(), SUBSCRIBERS.bind(ctx))

    async def prepare() -> None:
        await ctx.register.ensure_indexes()
        await ctx.chain.ensure_indexes()
        await ctx.nominations.ensure_indexes()
        await ctx.initiatives.ensure_indexes()

    return runtime.asgi_app(title="emutrack review events", prepare=prepare)
