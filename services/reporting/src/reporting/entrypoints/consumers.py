"""Consumer process of the reporting service: rolls facts up the tree, publishes snapshots."""

from __future__ import annotations

from faststream.asgi import AsgiFastStream

from emutrack_contracts import topics
from reporting import bootstrap
from reporting.config import Settings


def create_app(settings: Settings | None = None) -> AsgiFastStream:
    """The reporting consumer app."""
    runtime, deps = bootstrap.runtime(settings or Settings())
    runtime.subscribe([topics.UNITS, topics.REGISTRATIONS], bootstrap.event_handlers(deps))
    return runtime.asgi_app(title="emutrack reporting events", prepare=deps.counters.ensure_indexes)
