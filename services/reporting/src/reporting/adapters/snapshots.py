"""Publishes the numbers of level units (city, districts, wards) as `report.snapshot_updated`, coalesced.

Every `interval` seconds, each city or district counter this process changed since the last pass
is read once and published with its current numbers (event id derived from its version, on a
compacted topic keyed by unit and period); changed wards wait in line and go a slice per pass
(they are hundreds, and each read costs). So a unit gets at most one snapshot per window however
busy it is. At start every counter is published once: a change counted just before a crash is never left
unpublished, and a consumer seeing a version twice drops the copy by its event id.
"""

from __future__ import annotations

import logging
import time

from emutrack_kit.org_replica import OrgReplica
from emutrack_kit.outbox import PollingLoop, Publisher, outbox_entry
from reporting.adapters.counters import CounterRepository
from reporting.domain.numbers import Numbers
from reporting.domain.rollup import snapshot_event

log = logging.getLogger(__name__)

KINDS_TTL = 30.0
UPPER_KINDS = frozenset({"city", "district"})  # what the city council watches: every window


class SnapshotPublisher(PollingLoop):
    """Drains the changed counters: the city's and districts' every pass, the wards' a slice per pass."""

    def __init__(
        self,
        counters: CounterRepository,
        units: OrgReplica,
        publisher: Publisher,
        interval: float,
        *,
        wards_per_pass: int = 20,
    ) -> None:
        self._counters = counters
        self._units = units
        self._publisher = publisher
        self._kinds: dict[str, str] = {}
        self._kinds_loaded = -KINDS_TTL
        self._swept = False
        self.wards_per_pass = wards_per_pass
        self._wards_waiting: dict[str, None] = {}  # oldest first
        super().__init__(interval)

    async def publish_pending(self) -> int:
        """Publish one snapshot per changed level-unit counter due; report none sent (so the loop waits)."""
        changed = self._counters.take_changed()
        if not self._swept:
            changed |= set(await self._counters.all_ids())
        due = set()
        for counter_id in sorted(changed):
            kind = await self._kind(counter_id.split(":", 1)[0])
            if kind in UPPER_KINDS:
                due.add(counter_id)
            elif kind == "ward":
                self._wards_waiting.setdefault(counter_id)
        take = len(self._wards_waiting) if not self._swept else self.wards_per_pass
        wards = list(self._wards_waiting)[:take]
        city = {c for c in due if self._kinds.get(c.split(":", 1)[0]) == "city"}
        try:
            await self._publish(city)  # first: the city council's numbers wait for no district
            await self._publish((due - city) | set(wards))
        except Exception:
            self._counters.put_back(due)
            raise
        for counter_id in wards:
            del self._wards_waiting[counter_id]
        self._swept = True
        # Report nothing sent so the loop always waits a full window: that is the coalescing.
        return 0

    async def _publish(self, counter_ids: set[str]) -> None:
        entries = []
        for counter_id in sorted(counter_ids):
            d = await self._counters.document(counter_id)
            if d is None or d["version"] == 0:
                continue
            event = snapshot_event(
                unit_id=d["unit_id"],
                unit_path=d["unit_path"],
                period=d["period"],
                version=d["version"],
                numbers=Numbers.of(d),
            )
            entries.append(outbox_entry(event, key=d["_id"]))
        await self._publisher.publish_entries(entries)

    async def _kind(self, unit_id: str) -> str | None:
        # All kinds in one query, again at most every KINDS_TTL seconds while unknown units show up
        # (one read per unit would wait behind the consumer's writes on a single-lock server).
        if unit_id not in self._kinds and time.monotonic() - self._kinds_loaded > KINDS_TTL:
            self._kinds = {u.unit_id: u.kind for u in (await self._units.tree()).units.values()}
            self._kinds_loaded = time.monotonic()
        return self._kinds.get(unit_id)
