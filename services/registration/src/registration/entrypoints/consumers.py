"""Consumer process of the registration service: relays its outbox to Kafka.

It subscribes to nothing yet; decisions from review will arrive here (issue 4).
"""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from registration import bootstrap
from registration.config import Settings


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The registration consumer app (outbox relay, health, AsyncAPI docs)."""
    runtime, deps = bootstrap.runtime(settings or Settings())

    async def prepare() -> None:
        await bootstrap.ensure_indexes(deps)

    return runtime.asgi_app(title="emutrack registration events", prepare=prepare)
