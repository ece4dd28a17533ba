"""Consumer process of the reporting service: rolls facts up the tree, publishes snapshots."""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from emutrack_contracts import topics
from reporting import bootstrap
from reporting.config import Settings

# Every topic carrying an event type reporting handles (a unit test keeps the two in step).
SUBSCRIBED = (
    topics.UNITS,
    topics.ROUNDS,
    topics.REGISTRATIONS,
    topics.NOMINATIONS,
    topics.REVIEW_NOMINATIONS,
    topics.REVIEW_PROCEEDINGS,
)


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The reporting consumer app."""
    settings = settings or Settings()
    runtime, deps = bootstrap.runtime(settings)
    counting = bootstrap.batch_counting(runtime, deps, settings)
    runtime.subscribe_batches(SUBSCRIBED, counting, max_records=settings.batch_records)
    return runtime.asgi_app(title="emutrack reporting events")
