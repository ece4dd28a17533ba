"""Consumer process of the review service."""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from emutrack_contracts import topics
from review import bootstrap
from review.config import Settings


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The review consumer app."""
    runtime, deps = bootstrap.runtime(settings or Settings())
    runtime.subscribe(
        [topics.UNITS, topics.REGISTRATIONS, topics.NOMINATIONS, topics.REVIEW_NOMINATIONS],
        bootstrap.event_handlers(deps),
    )

    async def prepare() -> None:
        await deps.register.ensure_indexes()
        await deps.chain.ensure_indexes()
        await deps.nominations.ensure_indexes()

    return runtime.asgi_app(title="emutrack review events", prepare=prepare)
