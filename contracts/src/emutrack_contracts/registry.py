"""Every event type, its current schema version and its payload model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, create_model

from emutrack_contracts import topics
from emutrack_contracts.envelope import Envelope, new_envelope
from emutrack_contracts.events.access import BindingEnded, BindingGranted, BindingRevoked
from emutrack_contracts.events.notify import DeliveryCompleted
from emutrack_contracts.events.org import UnitMerged, UnitMoved, UnitRetired
from emutrack_contracts.events.registration import (
    CalendarTaskCompleted,
    ConferencePlanned,
    ConferenceReported,
    ExemplarSubmitted,
    IndividualRegistrationsSubmitted,
    InitiativeSubmitted,
    MovementLaunched,
    NominationSubmitted,
    RegistrationDraftDiscarded,
    RegistrationDrafted,
    RegistrationFormSubmitted,
    RegistrationStatusChanged,
    RegistrationSubmitted,
    RoundExtensionGranted,
    RoundOpened,
    SubmissionWithdrawn,
    TaskCalendarPublished,
    UnitCreated,
)
from emutrack_contracts.events.reporting import ReportSnapshotUpdated
from emutrack_contracts.events.review import (
    ClusterRankingPublished,
    CouncilSessionClosed,
    CouncilSessionScheduled,
    DecisionIssued,
    InitiativeDecided,
    NominationStatusChanged,
    PublicCommentOpened,
)


@dataclass(frozen=True)
class EventType:
    """An event type: name, schema version, payload model, topic."""

    name: str
    version: int
    payload: type[BaseModel]
    topic: topics.Topic

    @property
    def producer(self) -> str:
        """The owning service, read from the topic name `emt.<service>.<stream>`."""
        return self.topic.name.split(".")[1]

    def typed_envelope(self) -> type[Envelope]:
        """The envelope with this event's payload model (for AsyncAPI documentation)."""
        name = "".join(part.title() for part in self.name.replace("_", ".").split(".")) + "Event"
        return create_model(
            name, __base__=Envelope, __doc__=self.payload.__doc__, payload=(self.payload, ...)
        )


EVENT_TYPES: dict[str, EventType] = {
    t.name: t
    for t in (
        EventType("unit.created", 1, UnitCreated, topics.UNITS),
        EventType("round.opened", 1, RoundOpened, topics.ROUNDS),
        EventType("round.extension_granted", 1, RoundExtensionGranted, topics.ROUNDS),
        EventType("registration.submitted", 1, RegistrationSubmitted, topics.REGISTRATIONS),
        EventType("registration.status_changed", 1, RegistrationStatusChanged, topics.REGISTRATIONS),
        EventType("registration.drafted", 1, RegistrationDrafted, topics.REGISTRATIONS),
        EventType("registration.draft_discarded", 1, RegistrationDraftDiscarded, topics.REGISTRATIONS),
        EventType(
            "individual_registrations.submitted", 1, IndividualRegistrationsSubmitted, topics.REGISTRATIONS
        ),
        EventType("report.snapshot_updated", 1, ReportSnapshotUpdated, topics.REPORT_SNAPSHOTS),
        EventType("nomination.submitted", 1, NominationSubmitted, topics.NOMINATIONS),
        EventType("unit.merged", 1, UnitMerged, topics.UNITS),
        EventType("unit.moved", 1, UnitMoved, topics.UNITS),
        EventType("unit.retired", 1, UnitRetired, topics.UNITS),
        EventType("movement.launched", 1, MovementLaunched, topics.ROUNDS),
        EventType("conference.planned", 1, ConferencePlanned, topics.ROUNDS),
        EventType("conference.reported", 1, ConferenceReported, topics.ROUNDS),
        EventType("nomination.status_changed", 1, NominationStatusChanged, topics.REVIEW_NOMINATIONS),
        EventType("decision.issued", 1, DecisionIssued, topics.REVIEW_NOMINATIONS),
        EventType("public_comment.opened", 1, PublicCommentOpened, topics.REVIEW_NOMINATIONS),
        EventType("initiative.decided", 1, InitiativeDecided, topics.REVIEW_NOMINATIONS),
        EventType("cluster_ranking.published", 1, ClusterRankingPublished, topics.REVIEW_PROCEEDINGS),
        EventType("council_session.scheduled", 1, CouncilSessionScheduled, topics.REVIEW_PROCEEDINGS),
        EventType("council_session.closed", 1, CouncilSessionClosed, topics.REVIEW_PROCEEDINGS),
        EventType("initiative.submitted", 1, InitiativeSubmitted, topics.NOMINATIONS),
        EventType("exemplar.submitted", 1, ExemplarSubmitted, topics.NOMINATIONS),
        EventType("submission.withdrawn", 1, SubmissionWithdrawn, topics.NOMINATIONS),
        EventType("registration_form.submitted", 1, RegistrationFormSubmitted, topics.REGISTRATIONS),
        EventType("task_calendar.published", 1, TaskCalendarPublished, topics.ROUNDS),
        EventType("calendar_task.completed", 1, CalendarTaskCompleted, topics.ROUNDS),
        EventType("delivery.completed", 1, DeliveryCompleted, topics.NOTIFY_DELIVERIES),
        EventType("binding.granted", 1, BindingGranted, topics.ACCESS_BINDINGS),
        EventType("binding.revoked", 1, BindingRevoked, topics.ACCESS_BINDINGS),
        EventType("binding.ended", 1, BindingEnded, topics.ACCESS_BINDINGS),
    )
}


def payload_model(event_type: str) -> type[BaseModel]:
    """The payload model of a known event type (KeyError if unknown)."""
    return EVENT_TYPES[event_type].payload


def new_event(
    event_type: str,
    *,
    unit_path: list[str],
    actor: str,
    payload: BaseModel,
    producer: str | None = None,
    **envelope_fields: Any,
) -> Envelope:
    """An envelope for a known event type, owned by the last unit of `unit_path`.

    The producer is the service owning the event type's topic unless given (tests name theirs).
    """
    known = EVENT_TYPES[event_type]
    if not isinstance(payload, known.payload):
        raise TypeError(f"{event_type} carries {known.payload.__name__}, not {type(payload).__name__}")
    return new_envelope(
        event_type=event_type,
        schema_version=known.version,
        producer=producer or known.producer,
        unit_id=unit_path[-1],
        unit_path=unit_path,
        actor=actor,
        payload=payload,
        **envelope_fields,
    )
