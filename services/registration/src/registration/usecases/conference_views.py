"""A conference as its level sees the season: the rules it misses, the levels below, late reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from emutrack_kit.auth import Principal
from emutrack_kit.clock import HANOI
from registration.domain.conferences import Conference, Delegate
from registration.usecases.conferences import readable
from registration.usecases.context import Context


@dataclass(frozen=True)
class Below:
    """A unit of the level below and where its conference stands."""

    unit_id: str
    unit_name: str
    conference_id: str | None
    status: str  # none | planned | confirmed | reported
    on_time: bool | None = None  # reported by the due day (None: not reported, or no due day)


@dataclass(frozen=True)
class Season:
    """The conference, its shortfalls, the levels below, and the delegates they send up."""

    conference: Conference
    shortfalls: list[str]
    below: list[Below] = field(default_factory=list)
    sent_up: list[tuple[str, Delegate]] = field(default_factory=list)  # (level name, delegate)

    @property
    def late(self) -> list[str]:
        """The units below that reported after the due day, by name."""
        return [b.unit_name for b in self.below if b.status == "reported" and b.on_time is False]

    def missing(self, today_past_due: bool) -> list[str]:
        """The units below with no report (named only once the due day has passed)."""
        return [b.unit_name for b in self.below if b.status != "reported"] if today_past_due else []


async def season(ctx: Context, principal: Principal, conference_id: str) -> tuple[Season, bool]:
    """The conference as its level sees the season; and whether its children's due day has passed."""
    conference = await readable(ctx, principal, conference_id)
    fed = {c.level_unit_id: c for c in await ctx.conferences.children_of(conference_id)}
    children = await ctx.units.children_on(conference.level_unit_id, conference.hold_by)
    due = conference.reports_due
    below = []
    for child in children:
        unit = child.unit
        found = fed.get(unit.unit_id)
        if found is None:
            below.append(Below(unit.unit_id, unit.name, None, "none"))
            continue
        status = "reported" if found.report else "confirmed" if found.confirmed_at else "planned"
        on_time = None
        if found.report is not None and due is not None:
            on_time = found.report.reported_at.astimezone(HANOI).date() <= due
        below.append(Below(unit.unit_id, unit.name, found.conference_id, status, on_time))
    sent_up = [(c.level_name, d) for c in fed.values() if c.confirmed_at for d in c.delegates if d.sent_up]
    past_due = due is not None and ctx.today() > due
    return Season(conference, conference.shortfalls(), below, sent_up), past_due
