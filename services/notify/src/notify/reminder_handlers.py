"""Use cases of deadline reminders: learn rounds, units and submissions from events; remind once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import RegistrationSubmitted, RoundOpened, UnitCreated
from emutrack_kit.clock import Clock
from emutrack_kit.consumer import Position
from emutrack_kit.outbox import PollingLoop
from notify.domain.reminders import RoundDeadline, late_report_due, reminders_due
from notify.domain.routing import HANOI, IN_APP, Message, Recipient
from notify.handlers import Deps, on_event


async def on_round_opened(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Keep the round and its (latest) deadline."""
    p = RoundOpened.model_validate(envelope.payload)
    fields = {
        "name": p.name,
        "kind": p.kind,
        "receiving_unit_id": p.receiving_unit_id,
        "deadline": p.deadline,
    }
    await deps.deadlines.keep_round(p.round_id, fields)


async def on_unit_created(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Keep the unit under its parent (the units a level expects submissions from)."""
    p = UnitCreated.model_validate(envelope.payload)
    parent = envelope.unit_path[-2] if len(envelope.unit_path) > 1 else None
    await deps.deadlines.keep_unit(p.unit_id, parent, p.name)


async def on_registration_submitted(deps: Deps, envelope: Envelope, position: Position) -> None:
    """The submitting unit is no longer reminded; the receiving office hears of it."""
    p = RegistrationSubmitted.model_validate(envelope.payload)
    await deps.deadlines.mark_submitted(p.round_id, p.subject_unit_id)
    await on_event(deps, envelope, position)


def _message(deps: Deps, kind: str, recipient: Recipient, payload: dict[str, Any]) -> Message:
    subject, body = deps.templates.render(kind, IN_APP, payload)
    return Message(recipient, IN_APP, subject, body)


async def send_due_reminders(deps: Deps, now: datetime) -> int:
    """Today's reminders and late reports, each delivered once; returns how many were new."""
    today = now.astimezone(HANOI).date()
    sent = 0
    for r in await deps.deadlines.rounds_open_around(now - timedelta(days=2)):
        round_ = RoundDeadline(r["_id"], r["name"], r["receiving_unit_id"], r["deadline"])
        units = {u["_id"]: u["name"] for u in await deps.deadlines.children(round_.receiving_unit_id)}
        submitted = await deps.deadlines.submitted(round_.round_id)
        common = {"round_name": round_.name, "deadline": round_.deadline}
        for reminder in reminders_due(round_, units, submitted, today):
            payload = {**common, "offset": reminder.offset, "unit_name": units[reminder.unit_id]}
            for role in ("unit_officer", "unit_head"):
                message = _message(deps, "reminder", Recipient(role, reminder.unit_id), payload)
                sent += await deps.inbox.deliver(f"reminder:{reminder.key}", message, now)
        report = late_report_due(round_, units, submitted, today)
        if report is not None:
            payload = {**common, "late": [units[u] for u in report.late_unit_ids]}
            message = _message(
                deps, "late_report", Recipient("standing_office", report.receiving_unit_id), payload
            )
            sent += await deps.inbox.deliver(f"late:{report.key}", message, now)
    return sent


class ReminderSweeper(PollingLoop):
    """Sends the day's reminders every `interval` seconds (idempotent: each is delivered once)."""

    def __init__(self, deps: Deps, clock: Clock, interval: float = 300.0) -> None:
        super().__init__(interval)
        self._deps, self._clock = deps, clock

    async def publish_pending(self) -> int:
        """One pass over the open rounds."""
        await send_due_reminders(self._deps, self._clock())
        return 0  # then wait a full interval: reminders are daily
