"""The year as one ordered stream: phases in calendar order, each merged by time across the units.

Phases: units (2/1) → registration rounds (15/1, 22/1) → registrations, changes and people lists
(22/1 to the deadlines, late ones up to 10 days after) → exemplars (1/3-30/6) → initiatives
(1/7-31/10) → dossiers (15/11-15/12) → decisions (18/12 on; the city's flags on 15/1 next year).
Within a phase, events of all units are merged by time; one unit's events keep their order.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from datetime import date

from bench.hanoi_year import catalogue as c
from bench.hanoi_year.plan import FLAG, UnitPlan, YearPlan
from bench.hanoi_year.submissions import YearBuilder
from emutrack_contracts import Envelope

# (time, plan index, sequence within the unit, what, argument): the first three are unique.
Item = tuple[int, int, int, int, int]
REGISTERED, CHANGED, LISTED, EXEMPLAR, EXEMPLAR_OUT, INITIATIVE, INITIATIVE_OUT, NOMINATED = range(8)
_LATE_BY = (3600, 10 * 86400)  # a late registration arrives 1 hour to 10 days after the deadline


def _rush(rng: random.Random, start: int, end: int) -> int:
    """A time in [start, end], most of them in the last days before `end` (the deadline rush)."""
    return end - int((end - start) * rng.random() ** 2)


def _after(rng: random.Random, start: int, end: int, n: int) -> list[int]:
    """`n` increasing times in (start, end]."""
    return sorted(rng.randint(start + 1, max(start + 1, end)) for _ in range(n))


def _registration_items(plan: YearPlan, p: UnitPlan, rng: random.Random) -> list[Item]:
    if p.unit.parent_id is None:
        return []
    spec = plan.round_of(p, "registration")
    (start, end), deadline = spec.window, int(spec.deadline.timestamp())
    items: list[tuple[int, int, int]] = []
    for i, reg in enumerate(p.registrations):
        if p.fate == "late":
            items.append((deadline + rng.randint(*_LATE_BY), REGISTERED, i))
            continue
        t = _rush(rng, start, end - 3600)
        items.append((t, REGISTERED, i))
        items.extend((s, CHANGED, i * 8 + step) for step, s in enumerate(_after(rng, t, end, len(reg.steps))))
    if p.lists:
        first = _rush(rng, start, end - 3600)
        later = _after(rng, first, end, len(p.lists) - 1)
        items.extend((t, LISTED, v) for v, t in enumerate([first, *later], 1))
    return [(t, p.index, seq, what, arg) for seq, (t, what, arg) in enumerate(sorted(items))]


def _submission_items(
    p: UnitPlan, codes: bytearray, spec: c.RoundSpec, rng: random.Random, kinds: tuple[int, int]
) -> list[Item]:
    (start, end), deadline = spec.window, int(spec.deadline.timestamp())
    items: list[tuple[int, int, int]] = []
    for k, code in enumerate(codes):
        t = _rush(rng, start, end - 3600)
        items.append((t, kinds[0], k))
        if code & FLAG:
            items.append((rng.randint(t + 60, deadline), kinds[1], k))
    return [(t, p.index, seq, what, arg) for seq, (t, what, arg) in enumerate(sorted(items))]


def _rngs(plan: YearPlan, phase: str) -> list[tuple[UnitPlan, random.Random]]:
    return [(p, random.Random(f"{plan.seed}|{plan.year}|{p.unit.unit_id}|{phase}")) for p in plan.plans]


def _opened(b: YearBuilder, kind: c.RoundKind) -> Iterator[Envelope]:
    specs = sorted((s[kind] for s in b.plan.rounds.values()), key=lambda s: (s.opened_on, s.round_id))
    for i, spec in enumerate(specs):
        yield b.round_opened(spec, c.at(spec.opened_on, 8) + i)


def _build(b: YearBuilder, item: Item) -> Envelope:
    t, index, _, what, arg = item
    p = b.plan.plans[index]
    if what == REGISTERED:
        return b.registered(p, p.registrations[arg], t)
    if what == CHANGED:
        return b.changed(p, p.registrations[arg // 8], arg % 8, t)
    if what == LISTED:
        return b.people(p, arg, t)
    if what in (EXEMPLAR, INITIATIVE):
        return b.exemplar(p, arg, t) if what == EXEMPLAR else b.initiative(p, arg, t)
    if what in (EXEMPLAR_OUT, INITIATIVE_OUT):
        return b.withdrawn(p, "exemplar" if what == EXEMPLAR_OUT else "initiative", arg, t)
    return b.nominated(p, arg, t)


def events_of(plan: YearPlan) -> Iterator[Envelope]:
    """Every event of the plan, in calendar order (memory: one phase's small tuples, never the envelopes)."""
    b = YearBuilder(plan)
    start = c.at(date(plan.year, 1, 2), 8)
    for i, p in enumerate(plan.plans):
        yield b.unit_created(p, start + i)
    yield from _opened(b, "registration")
    merged = heapq.merge(*(_registration_items(plan, p, rng) for p, rng in _rngs(plan, "registration")))
    yield from (_build(b, item) for item in merged)
    for kind, out, name in ((EXEMPLAR, EXEMPLAR_OUT, "exemplar"), (INITIATIVE, INITIATIVE_OUT, "initiative")):
        round_kind: c.RoundKind = "exemplar" if kind == EXEMPLAR else "initiative"
        yield from _opened(b, round_kind)
        per_unit = [
            _submission_items(p, codes, plan.round_of(p, round_kind), rng, (kind, out))
            for p, rng in _rngs(plan, name)
            if p.unit.parent_id
            for codes in [p.exemplars if kind == EXEMPLAR else p.initiatives]
        ]
        yield from (_build(b, item) for item in heapq.merge(*per_unit))
    yield from _opened(b, "nomination")
    per_unit = [
        _submission_items(
            p, p.nominations.translate(_NO_FLAG), plan.round_of(p, "nomination"), rng, (NOMINATED, 0)
        )
        for p, rng in _rngs(plan, "nomination")
        if p.unit.parent_id
    ]
    yield from (_build(b, item) for item in heapq.merge(*per_unit))
    per_day: dict[date, int] = {}
    decided = []
    for n, d in enumerate(plan.decisions):  # a chair signs one decision a minute from 10:00
        per_day[d.signed_on] = per_day.get(d.signed_on, -1) + 1
        decided.append((c.at(d.signed_on, 10) + 60 * per_day[d.signed_on], n))
    for t, n in sorted(decided):
        yield b.decided(plan.decisions[n], t)


_NO_FLAG = bytes(b & ~FLAG for b in range(256))  # a dossier is never withdrawn: only its award matters
