"""The consumer subscribes to the topics of the event types it handles, derived, never listed by hand."""

from __future__ import annotations

from emutrack_contracts import topics
from registration.entrypoints.subscribers import SUBSCRIBERS


def test_the_consumer_handles_lists_and_review_steps() -> None:
    assert SUBSCRIBERS.event_types == {"individual_registrations.submitted", "nomination.status_changed"}


def test_its_topics_are_derived_from_the_event_types_handled() -> None:
    assert SUBSCRIBERS.topics() == [topics.REGISTRATIONS, topics.REVIEW_NOMINATIONS]
