"""Reporting's subscribers: one thin function per event type, calling a use case with the decoded payload.

The consumer group subscribes to the topics these event types travel on (`SUBSCRIBERS.topics()`);
the per-record dispatcher, the batches and the rebuild's replay all count through them.
"""

from __future__ import annotations

from typing import Any

from emutrack_contracts.events.registration import (
    CalendarTaskCompleted,
    ExemplarSubmitted,
    IndividualRegistrationsSubmitted,
    InitiativeSubmitted,
    MovementLaunched,
    NominationSubmitted,
    RegistrationFormSubmitted,
    RegistrationStatusChanged,
    RegistrationSubmitted,
    RoundExtensionGranted,
    RoundOpened,
    SubmissionWithdrawn,
    TaskCalendarPublished,
    UnitCreated,
)
from emutrack_contracts.events.review import ClusterRankingPublished, DecisionIssued, NominationStatusChanged
from emutrack_kit.messages import Message, Subscribers
from reporting.usecases import calendars, counting, coverage, decisions, review
from reporting.usecases.context import Context

SUBSCRIBERS: Subscribers[Context] = Subscribers()


@SUBSCRIBERS.on("registration.submitted")
async def registration_submitted(ctx: Context, m: Message[RegistrationSubmitted]) -> None:
    """A collective registration."""
    await counting.registration_submitted(ctx, m.payload, m)


@SUBSCRIBERS.on("registration.status_changed")
async def registration_status_changed(ctx: Context, m: Message[RegistrationStatusChanged]) -> None:
    """A registration withdrawn or amended."""
    await counting.registration_status_changed(ctx, m.payload, m)


@SUBSCRIBERS.on("individual_registrations.submitted")
async def people_listed(ctx: Context, m: Message[IndividualRegistrationsSubmitted]) -> None:
    """A unit's list of people (again)."""
    await counting.people_listed(ctx, m.payload, m)


@SUBSCRIBERS.on("task_calendar.published")
async def calendar_published(ctx: Context, m: Message[TaskCalendarPublished]) -> None:
    """A level's task calendar for a year."""
    await calendars.calendar_published(ctx, m.payload, m)


@SUBSCRIBERS.on("calendar_task.completed")
async def task_completed(ctx: Context, m: Message[CalendarTaskCompleted]) -> None:
    """A task of a calendar marked done."""
    await calendars.task_completed(ctx, m.payload, m)


@SUBSCRIBERS.on("registration_form.submitted")
async def form_submitted(ctx: Context, m: Message[RegistrationFormSubmitted]) -> None:
    """A unit's Form 1, Form 2 or models form (again)."""
    await counting.form_submitted(ctx, m.payload, m)


@SUBSCRIBERS.on("nomination.submitted")
async def dossier_submitted(ctx: Context, m: Message[NominationSubmitted]) -> None:
    """A dossier sent (again)."""
    await counting.dossier_submitted(ctx, m.payload, m)


@SUBSCRIBERS.on("initiative.submitted")
async def initiative_submitted(ctx: Context, m: Message[InitiativeSubmitted]) -> None:
    """An initiative proposed."""
    await counting.initiative_submitted(ctx, m.payload, m)


@SUBSCRIBERS.on("movement.launched")
async def movement_launched(ctx: Context, m: Message[MovementLaunched]) -> None:
    """A level launched an emulation movement (the Ministry's form 0601)."""
    await counting.movement_launched(ctx, m.payload, m)


@SUBSCRIBERS.on("exemplar.submitted")
async def exemplar_submitted(ctx: Context, m: Message[ExemplarSubmitted]) -> None:
    """An exemplar proposed."""
    await counting.exemplar_submitted(ctx, m.payload, m)


@SUBSCRIBERS.on("submission.withdrawn")
async def submission_withdrawn(ctx: Context, m: Message[SubmissionWithdrawn]) -> None:
    """An initiative or exemplar withdrawn."""
    await counting.submission_withdrawn(ctx, m.payload, m)


@SUBSCRIBERS.on("unit.created")
async def unit_created(ctx: Context, m: Message[UnitCreated]) -> None:
    """A unit created: the tree learns it, and decisions parked for it are counted."""
    await decisions.unit_created(ctx, m.payload, m)


@SUBSCRIBERS.on("unit.moved", "unit.retired", "unit.merged")
async def tree_changed(ctx: Context, m: Message[Any]) -> None:
    """A unit moved, retired or merged."""
    await counting.tree_changed(ctx, m)


@SUBSCRIBERS.on("decision.issued")
async def decision_issued(ctx: Context, m: Message[DecisionIssued]) -> None:
    """A decision and its awardees."""
    await decisions.decision_issued(ctx, m.payload, m)


@SUBSCRIBERS.on("round.opened")
async def round_opened(ctx: Context, m: Message[RoundOpened]) -> None:
    """A round opened, or its deadline moved."""
    await coverage.round_opened(ctx, m.payload, m)


@SUBSCRIBERS.on("round.extension_granted")
async def extension_granted(ctx: Context, m: Message[RoundExtensionGranted]) -> None:
    """One unit given a later deadline."""
    await coverage.extension_granted(ctx, m.payload)


@SUBSCRIBERS.on("nomination.status_changed")
async def nomination_status_changed(ctx: Context, m: Message[NominationStatusChanged]) -> None:
    """A level's review moved a nomination."""
    await review.nomination_status_changed(ctx, m.payload, m)


@SUBSCRIBERS.on("cluster_ranking.published")
async def cluster_ranking_published(ctx: Context, m: Message[ClusterRankingPublished]) -> None:
    """A cluster's ranking published."""
    await review.cluster_ranking_published(ctx, m.payload, m)
