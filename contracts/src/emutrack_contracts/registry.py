"""Every event type, its current schema version and its payload model."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from emutrack_contracts import topics
from emutrack_contracts.events.registration import RegistrationSubmitted, RoundOpened, UnitCreated
from emutrack_contracts.events.reporting import ReportSnapshotUpdated


@dataclass(frozen=True)
class EventType:
    """An event type: name, schema version, payload model, topic."""

    name: str
    version: int
    payload: type[BaseModel]
    topic: topics.Topic


EVENT_TYPES: dict[str, EventType] = {
    t.name: t
    for t in (
        EventType("unit.created", 1, UnitCreated, topics.UNITS),
        EventType("round.opened", 1, RoundOpened, topics.ROUNDS),
        EventType("registration.submitted", 1, RegistrationSubmitted, topics.REGISTRATIONS),
        EventType("report.snapshot_updated", 1, ReportSnapshotUpdated, topics.REPORT_SNAPSHOTS),
    )
}


def payload_model(event_type: str) -> type[BaseModel]:
    """The payload model of a known event type (KeyError if unknown)."""
    return EVENT_TYPES[event_type].payload
