"""Publishes each changed counter as a `report.snapshot_updated` event, coalesced.

The counter's increment sets `snapshot_pending` in the same write, so no change can be
missed; the publisher sends the current numbers (event id derived from the version)
and clears the flag only if the version did not move meanwhile.
"""

from __future__ import annotations

import logging

from emutrack_kit.outbox import PollingLoop, Publisher, outbox_entry
from reporting.adapters.repositories import CounterRepository
from reporting.domain.rollup import numbers_of, snapshot_event

log = logging.getLogger(__name__)


class SnapshotPublisher(PollingLoop):
    """Polls pending counters every `interval` seconds (the coalescing window)."""

    def __init__(self, counters: CounterRepository, publisher: Publisher, interval: float) -> None:
        self._counters = counters
        self._publisher = publisher
        super().__init__(interval)

    async def publish_pending(self) -> int:
        """Publish one snapshot per pending counter; return how many were sent."""
        docs = await self._counters.pending_snapshots(1000)
        entries = [
            outbox_entry(
                snapshot_event(
                    unit_id=d["unit_id"],
                    unit_path=d["unit_path"],
                    period=d["period"],
                    version=d["version"],
                    **numbers_of(d),
                ),
                key=d["_id"],
            )
            for d in docs
        ]
        await self._publisher.publish_entries(entries)
        for d in docs:
            await self._counters.mark_snapshot_published(d["_id"], d["version"])
        # Report nothing sent so the loop always waits a full window: that is the coalescing.
        return 0
