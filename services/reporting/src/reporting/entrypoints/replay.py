"""The rebuild's replay: every record of the log through the subscribers, in the order given."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Handler
from reporting.adapters.kafka_log import LogRecord

log = logging.getLogger(__name__)


@dataclass
class ReplayTally:
    """What a replay did with the records it read."""

    read: int = 0
    applied: int = 0
    not_handled: int = 0  # event types reporting does not use (the live consumer skips them too)
    refused: int = 0  # records the live consumer parks on its dead-letter topic
    errors: list[str] = field(default_factory=list)


async def replay(
    records: AsyncIterator[LogRecord],
    handlers: Mapping[str, Handler],
    progress: Callable[[int], object] = lambda _: None,
) -> ReplayTally:
    """Apply every record with the same handlers the live consumer uses, in the order given."""
    tally = ReplayTally()
    async for record in records:
        tally.read += 1
        progress(1)
        try:
            envelope = Envelope.model_validate_json(record.value)
        except ValidationError as exc:
            _refuse(tally, record, f"invalid envelope: {exc}")
            continue
        handler = handlers.get(envelope.event_type)
        if handler is None:
            tally.not_handled += 1
            continue
        try:
            await handler(envelope, record.position)
        except Exception as exc:  # the live dispatcher parks these after its retries; so do we
            _refuse(tally, record, f"{type(exc).__name__}: {exc}")
            continue
        tally.applied += 1
    return tally


def _refuse(tally: ReplayTally, record: LogRecord, error: str) -> None:
    tally.refused += 1
    if len(tally.errors) < 20:
        tally.errors.append(f"{record.position}: {error[:300]}")
    log.warning("replay refused %s: %s", record.position, error[:300])
