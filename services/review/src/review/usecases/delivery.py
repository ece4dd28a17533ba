"""What an event's use case knows of the event beside its decoded payload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emutrack_kit.messages import Message


@dataclass(frozen=True)
class Delivery:
    """The event's id (the key of its effects), the path it carried (the tree of its day), its actor."""

    event_id: str
    unit_path: tuple[str, ...]
    actor: str

    @classmethod
    def of(cls, message: Message[Any]) -> Delivery:
        """What a consumed message tells beside its payload."""
        envelope = message.envelope
        return cls(message.event_id, tuple(envelope.unit_path), envelope.actor)
