"""Consumer process of the registration service: outbox relay, the people search index, review's steps.

The index is kept from the service's own `individual_registrations.submitted` events (ADR 0008);
review's steps on dossiers are shown to their submitters. The topics follow `SUBSCRIBERS`.
"""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from registration import bootstrap
from registration.config import Settings
from registration.entrypoints.subscribers import SUBSCRIBERS


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The registration consumer app (outbox relay, people index, health, AsyncAPI docs)."""
    runtime, ctx = bootstrap.runtime(settings or Settings())
    runtime.subscribe(SUBSCRIBERS.topics(), SUBSCRIBERS.bind(ctx))

    async def prepare() -> None:
        await bootstrap.ensure_indexes(ctx)

    return runtime.asgi_app(title="emutrack registration events", prepare=prepare)
