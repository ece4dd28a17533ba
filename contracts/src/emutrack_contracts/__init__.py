"""Event contracts of emutrack: the envelope, topic names and payload schemas."""

from emutrack_contracts.envelope import Envelope, new_envelope
from emutrack_contracts.registry import EVENT_TYPES, EventType, new_event, payload_model
from emutrack_contracts.topics import Topic

__all__ = ["EVENT_TYPES", "Envelope", "EventType", "Topic", "new_envelope", "new_event", "payload_model"]
