"""Consumer process of the reporting service: rolls facts up the tree, publishes snapshots."""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from reporting import bootstrap
from reporting.config import Settings
from reporting.entrypoints.subscribers import SUBSCRIBERS


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The reporting consumer app: batches of the topics its subscribers handle."""
    settings = settings or Settings()
    runtime, counting = bootstrap.runtime(settings)
    runtime.subscribe_batches(SUBSCRIBERS.topics(), counting, max_records=settings.batch_records)
    return runtime.asgi_app(title="emutrack reporting events")
