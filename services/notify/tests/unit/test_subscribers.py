"""The consumer subscribes to the topics of the event types its subscribers handle: derived, never listed."""

from __future__ import annotations

from emutrack_contracts import topics
from emutrack_contracts.registry import EVENT_TYPES
from notify.entrypoints.subscribers import SUBSCRIBERS
from notify.usecases.context import default_routes


def test_the_topics_are_those_of_the_event_types_handled() -> None:
    handled = SUBSCRIBERS.event_types
    assert {"nomination.submitted", "unit.moved", "decision.issued"} <= handled
    assert SUBSCRIBERS.topics() == [
        topics.UNITS,
        topics.ROUNDS,
        topics.REGISTRATIONS,
        topics.NOMINATIONS,
        topics.REVIEW_NOMINATIONS,
        topics.REVIEW_PROCEEDINGS,
    ]
    assert {EVENT_TYPES[t].topic for t in handled} == set(SUBSCRIBERS.topics())


def test_every_event_type_the_routing_rules_name_has_a_subscriber() -> None:
    assert set(default_routes()) <= SUBSCRIBERS.event_types
