"""A deterministic synthetic year of Hà Nội's emulation events, with the numbers reporting should show.

`units(scope)` is the tree (the seeds' real 2020 units completed to the scale of docs/domain.md §7 with
`syn-` units); `generate(...)` returns every envelope in calendar order with the expected
numbers, computed from the generator's own plan (never from reporting's code); `iter_events`
streams the same envelopes for a 1,000,000-event run. Same arguments, same events and ids.

Natural year (multiplier 1, full city, 3,460 units, ~157,000 staff): ~104,000 events. Fixed
per unit, whatever the target: registering (89% on time, 8% late, 3% never; 20% register a
second title; on-time registrations are 6% amended, 70% approved, 4% withdrawn), one people
list per on-time unit (30% resubmitted, a third of those twice), 0-2 dossiers for the unit
itself. Scaled by `target_events` (exactly; the multiplier is solved, then initiatives absorb
the remainder): dossiers for people (0.35 per staff member, 10% not passed), initiatives
(0.15 per staff member, 3% withdrawn), exemplars (2 per ward or school, 3 per district, 1
otherwise, plus 1 per 100 staff; 4% withdrawn). Decisions: 250 awardees each, by the district
(Giấy khen, CSTĐ cơ sở, TTLĐ xuất sắc) or the city (Bằng khen, CSTĐ Thành phố, Cờ thi đua,
signed 15/1 of the next year); central awards are proposed but never decided here.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bench.hanoi_year.expected import Expected, RoundExpectation, expected_of
from bench.hanoi_year.plan import YearPlan, plan_year
from bench.hanoi_year.publish import publish
from bench.hanoi_year.stream import events_of
from bench.hanoi_year.tree import Unit, units
from emutrack_contracts import Envelope

__all__ = [
    "Expected",
    "RoundExpectation",
    "Unit",
    "YearPlan",
    "YearPlay",
    "events_of",
    "expected_of",
    "generate",
    "iter_events",
    "plan_year",
    "publish",
    "units",
    "with_duplicates",
]


@dataclass(frozen=True)
class YearPlay:
    """A generated year: its envelopes in order, and what reporting should show for them."""

    events: list[Envelope]
    expected: Expected
    event_counts: dict[str, int]


def iter_events(
    year: int, scope: str | None = None, target_events: int | None = None, seed: int = 0
) -> Iterator[Envelope]:
    """The year's envelopes as a stream (`plan_year`, `events_of` and `expected_of` for the numbers too)."""
    return events_of(plan_year(year, scope, target_events, seed))


def generate(
    year: int, scope: str | None = None, target_events: int | None = None, seed: int = 0
) -> YearPlay:
    """Every envelope of the year in order, with the expected numbers and the mix of event types."""
    plan = plan_year(year, scope, target_events, seed)
    return YearPlay(list(events_of(plan)), expected_of(plan), plan.event_counts())


def with_duplicates(events: Sequence[Envelope], fraction: float, seed: int = 0) -> list[Envelope]:
    """The events with a `fraction` of them delivered again later (same event id), for redelivery tests.

    Each copy comes after its original, so a unit's first deliveries keep their order.
    """
    rng = random.Random(f"duplicates|{seed}")
    later: dict[int, list[Envelope]] = {}
    for i in sorted(rng.sample(range(len(events)), round(len(events) * fraction))):
        later.setdefault(rng.randint(i, len(events) - 1), []).append(events[i])
    out: list[Envelope] = []
    for i, event in enumerate(events):
        out.append(event)
        out.extend(later.get(i, ()))
    return out
