"""The typed message layer: handlers register by event type; decoding and subscriptions follow the registry.

A service declares its subscribers once (`Subscribers`), each taking the service's use-case
context and a `Message` whose payload the contracts registry decoded. The topics the consumer
group subscribes to are derived from the event types handled, so the two cannot drift apart.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from emutrack_contracts import Envelope
from emutrack_contracts.registry import EVENT_TYPES
from emutrack_contracts.topics import ALL_TOPICS, Topic
from emutrack_kit.consumer import Handler, Position

P = TypeVar("P", bound=BaseModel)
C = TypeVar("C")


@dataclass(frozen=True)
class Message(Generic[P]):
    """One consumed event: its envelope, its payload decoded by the contracts registry, where it sits."""

    envelope: Envelope
    payload: P
    position: Position

    @property
    def event_id(self) -> str:
        """The event's id (the idempotency key of its effects)."""
        return str(self.envelope.event_id)


Subscriber = Callable[[C, Message[Any]], Awaitable[None]]


def payload_of(envelope: Envelope, model: type[P]) -> P:
    """An envelope's payload as its registered model (TypeError if the registry names another)."""
    registered = EVENT_TYPES[envelope.event_type].payload
    if registered is not model:
        raise TypeError(f"{envelope.event_type} carries {registered.__name__}, not {model.__name__}")
    return model.model_validate(envelope.payload)


def decode(envelope: Envelope, position: Position) -> Message[Any]:
    """The envelope with its payload validated against the registry's model of its type."""
    return Message(
        envelope, EVENT_TYPES[envelope.event_type].payload.model_validate(envelope.payload), position
    )


class Subscribers(Generic[C]):
    """Subscribers of one service by event type, bound to its use-case context when the process starts."""

    def __init__(self) -> None:
        self._by_type: dict[str, Subscriber[C]] = {}

    def on(self, *event_types: str) -> Callable[[Subscriber[C]], Subscriber[C]]:
        """Register the decorated subscriber for these event types (each known to the registry)."""

        def register(subscriber: Subscriber[C]) -> Subscriber[C]:
            for event_type in event_types:
                if event_type not in EVENT_TYPES:
                    raise KeyError(f"{event_type} is not an event type of the contracts")
                if event_type in self._by_type:
                    raise ValueError(f"{event_type} already has a subscriber")
                self._by_type[event_type] = subscriber
            return subscriber

        return register

    @property
    def event_types(self) -> frozenset[str]:
        """The event types handled."""
        return frozenset(self._by_type)

    def topics(self) -> list[Topic]:
        """The topics carrying the handled event types, in the registry's order."""
        wanted = {EVENT_TYPES[t].topic for t in self._by_type}
        return [t for t in ALL_TOPICS if t in wanted]

    def bind(self, context: C) -> dict[str, Handler]:
        """Event type -> the dispatcher's handler: decode, then call the subscriber with the context."""
        return {
            event_type: functools.partial(_deliver, subscriber, context)
            for event_type, subscriber in self._by_type.items()
        }

    def only(self, event_types: Iterable[str]) -> Subscribers[C]:
        """The subscribers of some event types (a process that handles part of them)."""
        kept: Subscribers[C] = Subscribers()
        kept._by_type = {t: s for t, s in self._by_type.items() if t in set(event_types)}
        return kept


async def _deliver(subscriber: Subscriber[C], context: C, envelope: Envelope, position: Position) -> None:
    await subscriber(context, decode(envelope, position))
