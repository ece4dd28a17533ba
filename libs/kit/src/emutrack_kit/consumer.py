"""Idempotent, at-least-once event consumption shared by every service.

The FastStream subscriber commits the offset only when `dispatch` returns (ack policy
NACK_ON_ERROR): effects first, commit after. Handlers make their effects idempotent by
event id. Unknown event types are logged and skipped. Transient database errors are
retried with back-off, then re-raised so the record is delivered again (nothing is lost
while the database is down). Any other failure is retried a few times and then parked on
the service's dead-letter topic with the error, so one bad record never stalls a partition.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from pydantic import ValidationError
from pymongo.errors import ConnectionFailure, ServerSelectionTimeoutError
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
    wait_fixed,
)

from emutrack_contracts import Envelope
from emutrack_kit.kafka import KafkaPublisher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Position:
    """Where a record sits in Kafka; stable across redeliveries of the same record."""

    topic: str
    partition: int
    offset: int

    @property
    def stream_key(self) -> str:
        """A field-name-safe key of the (topic, partition) stream."""
        return f"{self.topic.replace('.', '_')}:{self.partition}"


Handler = Callable[[Envelope, Position], Awaitable[None]]
EffectsStored = Callable[[Envelope], None]  # told of each event whose effects are stored, before its commit


class PoisonEvent(Exception):
    """The event can never be processed (bad payload); park it, do not retry."""


TRANSIENT = (ConnectionFailure, ServerSelectionTimeoutError)


class EventDispatcher:
    """Routes envelopes to handlers by event type with the reliability rules above."""

    NON_TRANSIENT_ATTEMPTS = 3

    def __init__(
        self,
        service: str,
        handlers: Mapping[str, Handler],
        publisher: KafkaPublisher,
        dead_letter_topic: str,
        *,
        effects_stored: EffectsStored | None = None,
        retry_seconds: float = 30.0,
    ) -> None:
        self._service = service
        self._handlers = handlers
        self._publisher = publisher
        self._dead_letter_topic = dead_letter_topic
        self._effects_stored = effects_stored
        self._retry_seconds = retry_seconds
        self.processed = 0

    async def dispatch(self, raw: bytes, key: bytes | None, position: Position) -> None:
        """Process one record; return only when its effects are stored (or it is parked)."""
        try:
            envelope = Envelope.model_validate_json(raw)
        except ValidationError as exc:
            await self._park(raw, key, position, f"invalid envelope: {exc}")
            return
        handler = self._handlers.get(envelope.event_type)
        if handler is None:
            log.info("skipping event type %s (no handler in %s)", envelope.event_type, self._service)
            return
        try:
            await self._handle_with_retries(handler, envelope, position)
        except TRANSIENT:
            raise  # infrastructure is down: do not commit; the record is delivered again
        except Exception as exc:  # deterministic failure: park it so the partition keeps moving
            await self._park(raw, key, position, f"{type(exc).__name__}: {exc}")
            return
        self.processed += 1
        if self._effects_stored is not None:
            self._effects_stored(envelope)

    async def _handle_with_retries(self, handler: Handler, envelope: Envelope, position: Position) -> None:
        """Transient database errors retry with back-off; other errors get a few quick retries."""
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(TRANSIENT),
            wait=wait_exponential_jitter(multiplier=0.2, max=5),
            stop=stop_after_delay(self._retry_seconds),
            reraise=True,
        ):
            with attempt:
                await self._retry_non_transient(handler, envelope, position)

    async def _retry_non_transient(self, handler: Handler, envelope: Envelope, position: Position) -> None:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(lambda e: not isinstance(e, (*TRANSIENT, PoisonEvent, ValidationError))),
            stop=stop_after_attempt(self.NON_TRANSIENT_ATTEMPTS),
            wait=wait_fixed(0.05),
            reraise=True,
        ):
            with attempt:
                await handler(envelope, position)

    async def _park(self, raw: bytes, key: bytes | None, position: Position, error: str) -> None:
        log.error("parking poison message %s: %s", position, error)
        headers = [
            ("error", error[:2000].encode()),
            ("source", json.dumps(position.__dict__).encode()),
            ("service", self._service.encode()),
        ]
        await self._publisher.send_raw(self._dead_letter_topic, raw, key, headers)
