"""Review's subscribers: one thin function per event type, calling a use case with the decoded payload."""

from __future__ import annotations

from pydantic import BaseModel

from emutrack_contracts.events.registration import (
    IndividualRegistrationsSubmitted,
    InitiativeSubmitted,
    NominationSubmitted,
    RegistrationStatusChanged,
    RegistrationSubmitted,
    SubmissionWithdrawn,
)
from emutrack_kit.messages import Message, Subscribers
from emutrack_kit.org_tree import TREE_EVENTS
from review.usecases import initiatives, log, nominations, register, tree
from review.usecases.context import Context
from review.usecases.delivery import Delivery

SUBSCRIBERS: Subscribers[Context] = Subscribers()


@SUBSCRIBERS.on(*TREE_EVENTS)
async def on_tree_changed(ctx: Context, m: Message[BaseModel]) -> None:
    """The organisation tree changed: review's replica follows (paths, names, kinds of the day)."""
    await tree.follow_tree(ctx, m.envelope)


@SUBSCRIBERS.on("registration.submitted")
async def on_registration_submitted(ctx: Context, m: Message[RegistrationSubmitted]) -> None:
    """A unit registered: it may be evaluated at year end."""
    await register.record_registration(ctx, m.payload, Delivery.of(m))


@SUBSCRIBERS.on("registration.status_changed")
async def on_registration_status_changed(ctx: Context, m: Message[RegistrationStatusChanged]) -> None:
    """A registration was withdrawn or amended."""
    await register.follow_registration(ctx, m.payload)


@SUBSCRIBERS.on("individual_registrations.submitted")
async def on_people_listed(ctx: Context, m: Message[IndividualRegistrationsSubmitted]) -> None:
    """A unit sent its list of people for individual titles."""
    await register.replace_people(ctx, m.payload, Delivery.of(m))


@SUBSCRIBERS.on("nomination.submitted")
async def on_nomination_submitted(ctx: Context, m: Message[NominationSubmitted]) -> None:
    """A dossier reached its receiving level."""
    await nominations.receive(ctx, m.payload, Delivery.of(m))


@SUBSCRIBERS.on("initiative.submitted")
async def on_initiative_submitted(ctx: Context, m: Message[InitiativeSubmitted]) -> None:
    """An initiative goes before the receiving level's council."""
    await initiatives.receive(ctx, m.payload, Delivery.of(m))


@SUBSCRIBERS.on("submission.withdrawn")
async def on_submission_withdrawn(ctx: Context, m: Message[SubmissionWithdrawn]) -> None:
    """A unit withdrew an initiative (or an exemplar, which review does not follow)."""
    await initiatives.withdraw(ctx, m.payload)


@SUBSCRIBERS.on("nomination.status_changed", "decision.issued")
async def on_review_step(ctx: Context, m: Message[BaseModel]) -> None:
    """A step review published: chained into its log."""
    await log.log_step(ctx, m.envelope)
