"""Publishing a year to Kafka with the services' own publisher: same topics, keys, headers and bytes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Iterator
from typing import Any

from emutrack_contracts import EVENT_TYPES, Envelope
from emutrack_kit.kafka import KafkaPublisher, ensure_topics
from emutrack_kit.outbox import Publisher, outbox_entry

BATCH = 2000  # entries sent before waiting for the broker's acknowledgements (unpaced)


async def publish(
    events: Iterable[Envelope],
    bootstrap_servers: str,
    rate_per_second: float | None = None,
    *,
    namespace: str = "",
    publisher: Publisher | None = None,
) -> dict[str, float]:
    """Publish in order, keyed by the owning unit, on an idempotent producer (acks=all).

    Uses emutrack_kit's KafkaPublisher and outbox entries, so the records are byte for byte what
    the services' outbox relays send (`publisher` replaces it in tests). Without a rate: as fast as
    the broker acknowledges, returns {}. With a rate: paced from the start, every event due is sent
    at once; returns each event id's send time (epoch seconds, taken just before the send).
    """
    owned = None
    if publisher is None:
        await ensure_topics(bootstrap_servers, {t.topic for t in EVENT_TYPES.values()}, namespace)
        publisher = owned = KafkaPublisher(bootstrap_servers, namespace, client_id="bench-hanoi-year")
        await owned.start()
    try:
        if rate_per_second is None:
            batch: list[dict[str, Any]] = []
            for event in events:
                batch.append(outbox_entry(event))
                if len(batch) == BATCH:
                    await publisher.publish_entries(batch)
                    batch = []
            await publisher.publish_entries(batch)
            return {}
        return await _paced(iter(events), publisher, rate_per_second)
    finally:
        if owned is not None:
            await owned.stop()


async def _paced(events: Iterator[Envelope], publisher: Publisher, rate: float) -> dict[str, float]:
    sent: dict[str, float] = {}
    started, n = time.perf_counter(), 0
    for event in events:
        await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
        now = time.perf_counter()
        due = [event]
        while started + (n + len(due)) / rate <= now and (more := next(events, None)) is not None:
            due.append(more)
        stamp = time.time()
        sent.update((str(e.event_id), stamp) for e in due)
        await publisher.publish_entries([outbox_entry(e) for e in due])
        n += len(due)
    return sent
