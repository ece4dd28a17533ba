"""The consumer subscribes to the topics of the event types review handles, derived, never listed by hand."""

from __future__ import annotations

from emutrack_contracts import topics
from review.entrypoints.subscribers import SUBSCRIBERS


def test_the_topics_follow_the_handled_event_types() -> None:
    assert SUBSCRIBERS.topics() == [
        topics.UNITS,
        topics.REGISTRATIONS,
        topics.NOMINATIONS,
        topics.REVIEW_NOMINATIONS,
    ]


def test_every_change_of_the_tree_is_followed_and_every_published_step_logged() -> None:
    assert SUBSCRIBERS.event_types == {
        "unit.created",
        "unit.merged",
        "unit.moved",
        "unit.retired",
        "registration.submitted",
        "registration.status_changed",
        "individual_registrations.submitted",
        "nomination.submitted",
        "initiative.submitted",
        "submission.withdrawn",
        "nomination.status_changed",
        "decision.issued",
    }
