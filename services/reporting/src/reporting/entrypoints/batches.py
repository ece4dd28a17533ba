"""Batches of records counted with one write per counter instead of one per record and counter.

The subscribers run record by record over a batch's unit of work (`adapters/held.py`), which holds
the facts, the counters' increments and the state later deltas are computed from, and writes them
at `commit` in the order docs/decisions/0017 gives. That is exact only when every fact of the batch
is new: then no record of it was ever applied to any counter. When one was not (a redelivery after
a crash, a republished event), or anything else goes wrong, the batch is counted again one record
at a time by the ordinary dispatcher, whose per-record guards and stored first deltas keep the
counts exact.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from emutrack_contracts import Envelope
from emutrack_kit.consumer import TRANSIENT, EffectsStored, EventDispatcher
from emutrack_kit.runtime import Record
from reporting.entrypoints.subscribers import SUBSCRIBERS
from reporting.usecases.context import Context

log = logging.getLogger(__name__)


class BatchCounting:
    """Counts a batch through one batch unit of work, or falls back to one record at a time."""

    def __init__(
        self,
        batch: Callable[[], Context],
        dispatcher: EventDispatcher,
        *,
        effects_stored: EffectsStored | None = None,
    ) -> None:
        self._batch = batch  # a context over a fresh batch unit of work
        self._dispatcher = dispatcher
        self._effects_stored = effects_stored
        self.batched = 0
        self.fallbacks = 0

    async def __call__(self, records: Sequence[Record]) -> None:
        """Count the batch; return only when its effects are stored."""
        try:
            await self._batched(records)
        except TRANSIENT:
            raise  # the database is down: the whole batch comes again
        except Exception as exc:  # a fact stored before, a poison record, a failing use case, a guard
            log.info("batch of %d falls back to one record at a time: %s", len(records), exc)
        else:
            self.batched += 1
            self._tell_effects_stored(records)
            return
        self.fallbacks += 1
        for record in records:
            await self._dispatcher.dispatch(record.value, record.key, record.position)

    async def _batched(self, records: Sequence[Record]) -> None:
        ctx = self._batch()
        handlers = SUBSCRIBERS.bind(ctx)
        for record in records:
            envelope = Envelope.model_validate_json(record.value)
            handler = handlers.get(envelope.event_type)
            if handler is not None:
                await handler(envelope, record.position)
        await ctx.work.commit()

    def _tell_effects_stored(self, records: Sequence[Record]) -> None:
        """Tell the fault-injection hook of every event of a batch whose effects are stored."""
        if self._effects_stored is not None:
            for record in records:
                self._effects_stored(Envelope.model_validate_json(record.value))
