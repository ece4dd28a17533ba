"""What the registration consumer does with each event type it handles: one thin function each."""

from __future__ import annotations

from emutrack_contracts.events.registration import IndividualRegistrationsSubmitted
from emutrack_contracts.events.review import NominationStatusChanged
from emutrack_kit.messages import Message, Subscribers
from registration.domain.history import HistoryEntry
from registration.usecases import people_index, progress
from registration.usecases.context import Context

SUBSCRIBERS: Subscribers[Context] = Subscribers()


@SUBSCRIBERS.on("individual_registrations.submitted")
async def index_people(ctx: Context, m: Message[IndividualRegistrationsSubmitted]) -> None:
    """A unit's list of people reaches the search index (ADR 0008)."""
    await people_index.index_list(ctx, people_index.ListSubmitted(m.payload, tuple(m.envelope.unit_path)))


@SUBSCRIBERS.on("nomination.status_changed")
async def follow_review(ctx: Context, m: Message[NominationStatusChanged]) -> None:
    """Review's step on a dossier is shown to its submitter."""
    p = m.payload
    step = HistoryEntry(
        p.status, p.changed_at, m.envelope.actor, "; ".join(p.reasons) or None, p.level_unit_id
    )
    await progress.follow_review(ctx, progress.ReviewStep(p.dossier_id, m.event_id, step))
