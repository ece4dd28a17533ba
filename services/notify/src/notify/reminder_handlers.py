"""Use cases of deadline reminders: learn rounds, units and submissions from events; remind once."""

from __future__ import annotations

from datetime import datetime, timedelta

from emutrack_contracts import Envelope
from emutrack_contracts.events.org import UnitMerged, UnitMoved, UnitRetired
from emutrack_contracts.events.registration import RoundExtensionGranted, RoundOpened, UnitCreated
from emutrack_contracts.registry import payload_model
from emutrack_kit.clock import HANOI, Clock
from emutrack_kit.consumer import Position
from emutrack_kit.outbox import PollingLoop
from notify.domain.reminders import RoundDeadline, late_report_due, own_late_reports_due, reminders_due
from notify.domain.routing import Recipient
from notify.fanout import News, fan_out, fan_out_all
from notify.handlers import Deps, on_event

UNITS_PER_WRITE = 500  # reminders written in bulk, this many units at a time


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


async def on_round_extension_granted(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Keep the unit's own deadline (reminders and its late report follow it); the unit hears of it."""
    p = RoundExtensionGranted.model_validate(envelope.payload)
    await deps.deadlines.keep_extension(p.round_id, p.unit_id, p.deadline)
    await on_event(deps, envelope, position)


async def on_unit_created(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Keep the unit under its parent (the units a level expects submissions from)."""
    p = UnitCreated.model_validate(envelope.payload)
    parent = envelope.unit_path[-2] if len(envelope.unit_path) > 1 else None
    await deps.deadlines.keep_unit(p.unit_id, parent, p.name, list(envelope.unit_path))


async def on_unit_moved(deps: Deps, envelope: Envelope, _: Position) -> None:
    """The unit is now expected by its new parent (and no longer by the old one)."""
    p = UnitMoved.model_validate(envelope.payload)
    await deps.deadlines.move_unit(p.unit_id, p.to_parent_id)


async def on_unit_retired(deps: Deps, envelope: Envelope, _: Position) -> None:
    """A retired unit is no longer reminded nor reported late."""
    await deps.deadlines.retire_unit(UnitRetired.model_validate(envelope.payload).unit_id)


async def on_unit_merged(deps: Deps, envelope: Envelope, _: Position) -> None:
    """The merged unit replaces its sources under its parent."""
    p = UnitMerged.model_validate(envelope.payload)
    parent_path = await deps.deadlines.path_of(p.parent_id)
    await deps.deadlines.keep_unit(p.unit_id, p.parent_id, p.name, [*parent_path, p.unit_id])
    for source in p.source_ids:
        if source != p.unit_id:
            await deps.deadlines.retire_unit(source)


# What counts as a unit's submission to a round, and which field names the submitting unit.
SUBMITTER_FIELD = {
    "registration.submitted": "subject_unit_id",
    "individual_registrations.submitted": "unit_id",
    "registration_form.submitted": "unit_id",
    "nomination.submitted": "proposing_unit_id",
    "initiative.submitted": "unit_id",
    "exemplar.submitted": "unit_id",
}


async def on_submission(deps: Deps, envelope: Envelope, position: Position) -> None:
    """The submitting unit is no longer reminded of the round; whoever the rules name hears of it."""
    p = payload_model(envelope.event_type).model_validate(envelope.payload).model_dump()
    await deps.deadlines.mark_submitted(str(p["round_id"]), str(p[SUBMITTER_FIELD[envelope.event_type]]))
    await on_event(deps, envelope, position)


async def send_due_reminders(deps: Deps, now: datetime) -> int:
    """Today's reminders and late reports, each delivered once; returns how many were new."""
    today = now.astimezone(HANOI).date()
    sent = 0
    for r in await deps.deadlines.rounds_open_around(now - timedelta(days=2)):
        round_ = RoundDeadline(
            r["_id"], r["name"], r["receiving_unit_id"], r["deadline"], dict(r.get("extensions", {}))
        )
        units = {u["_id"]: u["name"] for u in await deps.deadlines.children(round_.receiving_unit_id)}
        submitted = await deps.deadlines.submitted(round_.round_id)
        common = {
            "round_name": round_.name,
            "round_kind": r.get("kind", "registration"),
            "deadline": round_.deadline,
        }
        due = reminders_due(round_, units, submitted, today)
        done = await deps.deadlines.already_sent([f"reminder:{r.key}" for r in due])
        items = []
        for reminder in due:
            if f"reminder:{reminder.key}" in done:
                continue  # sent by an earlier sweep (a sweep that crashed half-way has no mark: redone)
            payload = {
                **common,
                "deadline": round_.deadline_of(reminder.unit_id),
                "offset": reminder.offset,
                "unit_name": units[reminder.unit_id],
            }
            news = News(f"reminder:{reminder.key}", "reminder", payload, now)
            items.append(
                (news, [Recipient(role, reminder.unit_id) for role in ("unit_officer", "unit_head")])
            )
        for start in range(0, len(items), UNITS_PER_WRITE):
            chunk = items[start : start + UNITS_PER_WRITE]
            sent += await fan_out_all(deps, chunk)
            await deps.deadlines.mark_sent([news.key for news, _ in chunk], now)
        main = late_report_due(round_, units, submitted, today)
        for report in [*([main] if main else []), *own_late_reports_due(round_, units, submitted, today)]:
            deadline = round_.deadline_of(report.extended_unit_id or "")
            payload = {**common, "deadline": deadline, "late": [units[u] for u in report.late_unit_ids]}
            news = News(f"late:{report.key}", "late_report", payload, now)
            sent += await fan_out(deps, news, [Recipient("standing_office", report.receiving_unit_id)])
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
