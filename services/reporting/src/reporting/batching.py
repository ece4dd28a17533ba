"""Batches of records counted with one write per counter instead of one per record and counter.

The use cases run unchanged, record by record, over repositories that hold back the facts, the
counters and the state later deltas are computed from (`adapters/held.py`). Then the facts go in
with one bulk insert, and each counter touched gets one increment (the sum of the batch's
contributions). This is exact only when every fact of the batch is new, since then no record of
it was ever applied to any counter. When one was not new (a redelivery after a crash, a
republished event), or anything else goes wrong, the batch is processed again one record at a
time by the ordinary dispatcher, whose per-record guards and stored first deltas keep the counts
exact. State no delta depends on (rounds, units, awardees, rankings) is written through as the
use cases go; those writes are idempotent either way. ADR 0017 explains the write order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from emutrack_contracts import Envelope
from emutrack_kit.consumer import TRANSIENT, EffectsStored, EventDispatcher, Handler
from emutrack_kit.runtime import Record
from reporting.adapters.held import (
    HeldCounters,
    HeldFacts,
    HeldLists,
    HeldParked,
    HeldProgress,
    HeldSubmissions,
)
from reporting.adapters.repositories import CounterRepository, FactRepository
from reporting.handlers import Deps

log = logging.getLogger(__name__)


class BatchCounting:
    """Runs a batch with held facts and counters, or falls back to one record at a time."""

    def __init__(
        self,
        deps: Deps,
        facts: FactRepository,
        counters: CounterRepository,
        handlers_of: Callable[[Deps], Mapping[str, Handler]],
        dispatcher: EventDispatcher,
        *,
        effects_stored: EffectsStored | None = None,
    ) -> None:
        self._deps = deps
        self._facts = facts
        self._counters = counters
        self._handlers_of = handlers_of
        self._dispatcher = dispatcher
        self._effects_stored = effects_stored
        self.batched = 0
        self.fallbacks = 0

    async def __call__(self, records: Sequence[Record]) -> None:
        """Count the batch; return only when its effects are stored."""
        try:
            if await self._batched(records):
                self.batched += 1
                self._tell_effects_stored(records)
                return
        except TRANSIENT:
            raise  # the database is down: the whole batch comes again
        except Exception as exc:  # a poison record, a failing use case, or a guard that did not hold
            log.info("batch of %d falls back to one record at a time: %s", len(records), exc)
        self.fallbacks += 1
        for record in records:
            await self._dispatcher.dispatch(record.value, record.key, record.position)

    def _tell_effects_stored(self, records: Sequence[Record]) -> None:
        """Tell the fault-injection hook of every event of a batch whose effects are stored."""
        if self._effects_stored is not None:
            for record in records:
                self._effects_stored(Envelope.model_validate_json(record.value))

    async def _batched(self, records: Sequence[Record]) -> bool:
        d = self._deps
        facts, counters = HeldFacts(), HeldCounters(self._counters)
        lists, submissions = HeldLists(d.lists), HeldSubmissions(d.submissions)
        progress, parked = HeldProgress(d.progress), HeldParked(d.parked)
        held = replace(
            d,
            facts=facts,
            counters=counters,
            lists=lists,
            submissions=submissions,
            progress=progress,
            parked=parked,
        )
        handlers = self._handlers_of(held)
        for record in records:
            envelope = Envelope.model_validate_json(record.value)
            handler = handlers.get(envelope.event_type)
            if handler is not None:
                await handler(envelope, record.position)
        # The order is what makes a crash anywhere below safe: facts first (a redelivered batch then
        # finds them and takes the per-record path), the state deltas are computed from next, the
        # counters, and last the parked events they counted.
        if not await self._facts.insert_all_new(list(facts.docs.values())):
            return False  # some fact was stored before: only the per-record path is exact
        for state in (lists, submissions, progress):
            await state.flush()
        await self._counters.create_missing([one.target for one in counters.held.values()])
        await self._counters.apply_batch([(one.target, one.contributions) for one in counters.held.values()])
        await parked.flush()
        return True
