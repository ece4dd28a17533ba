"""What notify does with each event it consumes: one thin subscriber per event type, calling a use case."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from emutrack_contracts.events import org, registration, review
from emutrack_kit.clock import HANOI
from emutrack_kit.messages import Message, Subscribers
from emutrack_kit.org_tree import TREE_EVENTS
from notify.domain.reminders import RoundDeadline
from notify.usecases import reminders
from notify.usecases.context import Context
from notify.usecases.news import Heard, tell
from notify.usecases.tree import follow_tree

SUBSCRIBERS: Subscribers[Context] = Subscribers()
REPORT = "conference_report"  # what the levels below send a conference: their own conference's results

SubmissionPayload = (
    registration.RegistrationSubmitted
    | registration.IndividualRegistrationsSubmitted
    | registration.RegistrationFormSubmitted
    | registration.NominationSubmitted
    | registration.InitiativeSubmitted
    | registration.ExemplarSubmitted
)
RoutedPayload = (
    registration.RegistrationStatusChanged
    | review.NominationStatusChanged
    | review.PublicCommentOpened
    | review.DecisionIssued
    | review.InitiativeDecided
    | review.CouncilSessionScheduled
    | review.CouncilSessionClosed
    | review.ClusterRankingPublished
)


def heard(m: Message[Any]) -> Heard:
    """The event as the use cases that tell news take it."""
    return Heard(m.event_id, m.envelope.event_type, m.payload, m.envelope.occurred_at)


@SUBSCRIBERS.on(*TREE_EVENTS)
async def on_tree_changed(
    ctx: Context, m: Message[registration.UnitCreated | org.UnitMoved | org.UnitRetired | org.UnitMerged]
) -> None:
    """The tree replica follows the change."""
    await follow_tree(ctx, m.envelope)


@SUBSCRIBERS.on("round.opened")
async def on_round_opened(ctx: Context, m: Message[registration.RoundOpened]) -> None:
    """Keep the round and its (latest) deadline."""
    p = m.payload
    round_ = RoundDeadline(p.round_id, p.name, p.receiving_unit_id, p.deadline, kind=p.kind)
    await reminders.round_opened(ctx, round_)


@SUBSCRIBERS.on("conference.planned")
async def on_conference_planned(ctx: Context, m: Message[registration.ConferencePlanned]) -> None:
    """A conference whose levels below report to it: they are reminded of the day, like a round's."""
    p = m.payload
    if p.reports_due is not None:
        due = datetime.combine(p.reports_due, time(23, 59, 59), tzinfo=HANOI)
        await reminders.round_opened(
            ctx, RoundDeadline(p.conference_id, p.name, p.level_unit_id, due, kind=REPORT)
        )


@SUBSCRIBERS.on("conference.reported")
async def on_conference_reported(ctx: Context, m: Message[registration.ConferenceReported]) -> None:
    """A level below reported its conference: no more reminders for it."""
    if m.payload.parent_conference_id is not None:
        submission = reminders.Submission(m.payload.parent_conference_id, m.payload.level_unit_id)
        await reminders.submitted(ctx, submission, heard(m))


@SUBSCRIBERS.on("round.extension_granted")
async def on_extension_granted(ctx: Context, m: Message[registration.RoundExtensionGranted]) -> None:
    """The unit's own deadline is kept, and the unit hears of it."""
    extension = reminders.Extension(m.payload.round_id, m.payload.unit_id, m.payload.deadline)
    await reminders.extension_granted(ctx, extension, heard(m))


@SUBSCRIBERS.on(
    "registration.submitted",
    "individual_registrations.submitted",
    "registration_form.submitted",
    "nomination.submitted",
    "initiative.submitted",
    "exemplar.submitted",
)
async def on_submitted(ctx: Context, m: Message[SubmissionPayload]) -> None:
    """The submitting unit is no longer reminded of the round; whoever the rules name hears of it."""
    submission = reminders.Submission(m.payload.round_id, submitting_unit(m.payload))
    await reminders.submitted(ctx, submission, heard(m))


@SUBSCRIBERS.on(
    "registration.status_changed",
    "nomination.status_changed",
    "public_comment.opened",
    "decision.issued",
    "initiative.decided",
    "council_session.scheduled",
    "council_session.closed",
    "cluster_ranking.published",
)
async def on_news(ctx: Context, m: Message[RoutedPayload]) -> None:
    """Whoever the routing rules name hears of it."""
    await tell(ctx, heard(m))


def submitting_unit(p: SubmissionPayload) -> str:
    """The unit whose submission to a round the event tells of."""
    if isinstance(p, registration.RegistrationSubmitted):
        return p.subject_unit_id
    if isinstance(p, registration.NominationSubmitted):
        return p.proposing_unit_id
    return p.unit_id
