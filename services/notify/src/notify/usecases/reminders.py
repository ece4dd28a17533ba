"""Deadline reminders: learn rounds, extensions and submissions; remind each unit and report the late, once.

The units a round expects are the receiving unit's children in the tree of the deadline's day
(docs/decisions/0019); a unit given more time is reminded and reported by its own deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from emutrack_kit.clock import HANOI
from notify.domain.outgoing import News, Payload
from notify.domain.reminders import (
    RoundDeadline,
    expected_units,
    late_report_due,
    own_late_reports_due,
    reminders_due,
)
from notify.domain.routing import Recipient
from notify.domain.settings import UNIT_ROLES
from notify.usecases.context import Context
from notify.usecases.fanout import Telling, fan_out, fan_out_all
from notify.usecases.news import Heard, tell

UNITS_PER_WRITE = 500  # reminders written in bulk, this many units at a time


@dataclass(frozen=True)
class Extension:
    """One unit's own later deadline in a round."""

    round_id: str
    unit_id: str
    deadline: datetime


@dataclass(frozen=True)
class Submission:
    """A unit submitted to a round (a registration, a list, a form, a dossier, an initiative, an exemplar)."""

    round_id: str
    unit_id: str


async def round_opened(ctx: Context, round_: RoundDeadline) -> None:
    """Keep the round and its (latest) deadline."""
    await ctx.rounds.keep(round_)


async def extension_granted(ctx: Context, extension: Extension, heard: Heard) -> None:
    """Keep the unit's own deadline (reminders and its late report follow it); the unit hears of it."""
    await ctx.rounds.keep_extension(extension.round_id, extension.unit_id, extension.deadline)
    await tell(ctx, heard)


async def submitted(ctx: Context, submission: Submission, heard: Heard) -> None:
    """The submitting unit is no longer reminded of the round; whoever the rules name hears of it."""
    await ctx.submissions.mark(submission.round_id, submission.unit_id)
    await tell(ctx, heard)


async def send_due_reminders(ctx: Context, now: datetime) -> int:
    """Today's reminders and late reports, each delivered once; returns how many were new."""
    today = now.astimezone(HANOI).date()
    tree = await ctx.tree.tree()
    sent = 0
    for round_ in await ctx.rounds.open_around(now - timedelta(days=2)):
        units = expected_units(tree, round_, today)
        sweep = _Sweep(round_, units, await ctx.submissions.of_round(round_.round_id), now)
        sent += await _remind(ctx, sweep)
        sent += await _report_late(ctx, sweep)
    return sent


@dataclass(frozen=True)
class _Sweep:
    round_: RoundDeadline
    units: dict[str, str]  # the units expected: id -> name
    submitted: set[str]
    now: datetime

    @property
    def today(self) -> date:
        return self.now.astimezone(HANOI).date()

    def payload(self, unit_id: str | None = None) -> Payload:
        return {
            "round_name": self.round_.name,
            "round_kind": self.round_.kind,
            "deadline": self.round_.deadline_of(unit_id or ""),
        }


async def _remind(ctx: Context, sweep: _Sweep) -> int:
    due = reminders_due(sweep.round_, sweep.units, sweep.submitted, sweep.today)
    done = await ctx.sent_reminders.among([f"reminder:{r.key}" for r in due])
    items: list[Telling] = []
    for reminder in due:
        key = f"reminder:{reminder.key}"
        if key in done:
            continue  # sent by an earlier sweep (a sweep that crashed half-way has no mark: redone)
        payload = {
            **sweep.payload(reminder.unit_id),
            "offset": reminder.offset,
            "unit_name": sweep.units[reminder.unit_id],
        }
        items.append(
            (News(key, "reminder", payload, sweep.now), [Recipient(r, reminder.unit_id) for r in UNIT_ROLES])
        )
    sent = 0
    for start in range(0, len(items), UNITS_PER_WRITE):
        chunk = items[start : start + UNITS_PER_WRITE]
        sent += await fan_out_all(ctx, chunk)
        await ctx.sent_reminders.mark([news.key for news, _ in chunk], sweep.now)
    return sent


async def _report_late(ctx: Context, sweep: _Sweep) -> int:
    round_, units, today = sweep.round_, sweep.units, sweep.today
    main = late_report_due(round_, units, sweep.submitted, today)
    sent = 0
    for report in [*([main] if main else []), *own_late_reports_due(round_, units, sweep.submitted, today)]:
        payload = {**sweep.payload(report.extended_unit_id), "late": [units[u] for u in report.late_unit_ids]}
        news = News(f"late:{report.key}", "late_report", payload, sweep.now)
        sent += await fan_out(ctx, news, [Recipient("standing_office", report.receiving_unit_id)])
    return sent
