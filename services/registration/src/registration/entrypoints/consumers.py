"""Consumer process of the registration service: outbox relay and the people search index.

The index is kept from the service's own `individual_registrations.submitted` events
(ADR 0008). Decisions from review will arrive here too (issue 4).
"""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from emutrack_contracts import topics
from registration import bootstrap
from registration.config import Settings


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The registration consumer app (outbox relay, people index, health, AsyncAPI docs)."""
    runtime, deps = bootstrap.runtime(settings or Settings())
    runtime.subscribe([topics.REGISTRATIONS, topics.REVIEW_NOMINATIONS], bootstrap.event_handlers(deps))

    async def prepare() -> None:
        await bootstrap.ensure_indexes(deps)

    return runtime.asgi_app(title="emutrack registration events", prepare=prepare)
