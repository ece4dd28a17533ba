"""Consumer process of the notify service."""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from emutrack_contracts import topics
from notify import bootstrap
from notify.config import Settings

# Every topic carrying an event type notify handles (a unit test keeps the two in step).
SUBSCRIBED = (
    topics.UNITS,
    topics.ROUNDS,
    topics.REGISTRATIONS,
    topics.NOMINATIONS,
    topics.REVIEW_NOMINATIONS,
    topics.REVIEW_PROCEEDINGS,
)


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The notify consumer app."""
    runtime, deps = bootstrap.runtime(settings or Settings())
    runtime.subscribe(SUBSCRIBED, bootstrap.event_handlers(deps))

    async def prepare() -> None:
        await deps.inbox.ensure_indexes()
        await deps.deliveries.ensure_indexes()

    return runtime.asgi_app(title="emutrack notify events", prepare=prepare)
