"""The ground truth of a synthetic year: what every unit does, decided before any event is built."""

from __future__ import annotations

import random
import uuid
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar

from bench.hanoi_year import catalogue as c
from bench.hanoi_year.tree import Unit, apportion, units

K = TypeVar("K")
Fate = c.Fate
FLAG = 0x80  # high bit of a nomination (not passed), an initiative or an exemplar (withdrawn)
INDIVIDUAL = 0x02  # exemplar code bit: the subject is a person
NAMESPACE = uuid.UUID("0b8f4f58-5d7e-4d5e-9a3c-2f0e1d6c7b91")
_K = 1 << 24  # decision awardees are packed as plan index * _K + nomination index


@dataclass
class RegistrationPlan:
    """A collective registration and what happens to it before the deadline."""

    registration_id: str
    title: str
    amended_to: str | None = None
    approved: bool = False
    withdrawn: bool = False

    @property
    def final_title(self) -> str:
        """The title it ends with (after an amendment)."""
        return self.amended_to or self.title

    @property
    def steps(self) -> list[Literal["amend", "approve", "withdraw"]]:
        """Its `registration.status_changed` events, in order: amended, approved, withdrawn."""
        out: list[Literal["amend", "approve", "withdraw"]] = ["amend"] if self.amended_to else []
        return out + (["approve"] if self.approved else []) + (["withdraw"] if self.withdrawn else [])


@dataclass
class UnitPlan:
    """One unit's year: whether it registers on time, late or never, and everything it submits."""

    unit: Unit
    index: int
    fate: Fate
    registrations: list[RegistrationPlan] = field(default_factory=list)
    lists: list[dict[str, int]] = field(default_factory=list)  # counts by title of each version
    nominations: bytearray = field(default_factory=bytearray)  # option index (| FLAG: not passed)
    initiatives: bytearray = field(default_factory=bytearray)  # level index (| FLAG: withdrawn)
    exemplars: bytearray = field(default_factory=bytearray)  # category (| INDIVIDUAL) (| FLAG: withdrawn)


@dataclass(frozen=True)
class DecisionPlan:
    """One decision of a level for one award: its number, day and awardees (packed plan/nomination)."""

    level: Unit
    option: c.Option
    number: str
    signed_on: date
    awardees: array[int]

    def members(self) -> list[tuple[int, int]]:
        """(plan index, nomination index) of each awardee."""
        return [divmod(a, _K) for a in self.awardees]


@dataclass
class YearPlan:
    """Every unit's plan, the rounds and the decisions of one year in one scope."""

    year: int
    seed: int
    scope: str | None
    plans: list[UnitPlan]
    rounds: dict[str, dict[c.RoundKind, c.RoundSpec]]  # receiving unit -> kind -> round
    decisions: list[DecisionPlan]
    multiplier: float

    def round_of(self, plan: UnitPlan, kind: c.RoundKind) -> c.RoundSpec:
        """The round of this kind that the unit's parent receives."""
        parent = plan.unit.parent_id
        assert parent is not None
        return self.rounds[parent][kind]

    def event_counts(self) -> dict[str, int]:
        """How many events of each type the year holds (known before they are built)."""
        p = self.plans
        return {
            "unit.created": len(p),
            "round.opened": sum(len(r) for r in self.rounds.values()),
            "registration.submitted": sum(len(u.registrations) for u in p),
            "registration.status_changed": sum(len(r.steps) for u in p for r in u.registrations),
            "individual_registrations.submitted": sum(len(u.lists) for u in p),
            "exemplar.submitted": sum(len(u.exemplars) for u in p),
            "initiative.submitted": sum(len(u.initiatives) for u in p),
            "submission.withdrawn": sum(_flagged(u.exemplars) + _flagged(u.initiatives) for u in p),
            "nomination.submitted": sum(len(u.nominations) for u in p),
            "decision.issued": len(self.decisions),
        }


def _flagged(codes: bytearray) -> int:
    return sum(1 for b in codes if b & FLAG)


def _distinct(rng: random.Random, weights: Mapping[K, int], n: int) -> list[K]:
    """`n` distinct keys drawn by weight."""
    left = dict(weights)
    out: list[K] = []
    for _ in range(min(n, len(left))):
        key = rng.choices(list(left), list(left.values()))[0]
        out.append(key)
        del left[key]
    return out


def _fixed(rng: random.Random, unit: Unit, index: int, year: int, seed: int) -> UnitPlan:
    """The parts of a unit's year that do not scale: registering, its people, its own collective awards."""
    fate = rng.choices(list(c.FATE_WEIGHTS), list(c.FATE_WEIGHTS.values()))[0]
    plan = UnitPlan(unit, index, fate)
    if unit.parent_id is None or fate == "missing":
        return plan
    weights = c.TITLE_WEIGHTS["district" if unit.kind == "district" else "other"]
    chosen = _distinct(rng, weights, 2 if rng.random() < c.SECOND_TITLE else 1)
    for i, title in enumerate(chosen):
        reg = RegistrationPlan(f"reg-{uuid.uuid5(NAMESPACE, f'{seed}|{year}|{unit.unit_id}|{i}')}", title)
        if fate == "on_time":  # a late registration is accepted by the office, then locked
            if rng.random() < c.AMEND:
                reg.amended_to = rng.choice([t for t in c.COLLECTIVE_TITLES if t not in chosen])
            reg.approved = rng.random() < c.APPROVE
            reg.withdrawn = rng.random() < c.WITHDRAW
        plan.registrations.append(reg)
    if fate == "on_time" and unit.staff:  # people lists are refused after the deadline
        drawn = rng.choices(range(4), c.PERSON_TITLE_WEIGHTS, k=unit.staff)
        counts = [drawn.count(i) for i in range(4)]
        plan.lists.append(_as_counts(counts))
        for chance in (c.RESUBMIT, c.RESUBMIT_AGAIN):
            if rng.random() >= chance:
                break
            added, upgraded = rng.randint(0, 3), min(counts[3], rng.randint(0, 2))
            counts[3] += max(added, 0 if upgraded else 1) - upgraded
            counts[2] += upgraded
            plan.lists.append(_as_counts(counts))
    position = "top" if len(unit.path) == 2 else "local"
    n_col = rng.choices(range(3), c.COLLECTIVE_NOMINATIONS)[0]
    own_awards: list[int] = _distinct(rng, c.OPTION_WEIGHTS[("collective", position)], n_col)
    plan.nominations.extend(own_awards)
    return plan


def _as_counts(counts: Sequence[int]) -> dict[str, int]:
    return {code: n for (code, _), n in zip(c.PERSON_TITLES, counts, strict=True) if n}


def _rates(plan: UnitPlan) -> tuple[float, float, float]:
    """Natural yearly (individual nominations, initiatives, exemplars) of a unit."""
    unit = plan.unit
    if unit.parent_id is None:
        return 0.0, 0.0, 0.0
    nominations = unit.staff * c.NOMINATIONS_PER_STAFF if plan.fate != "missing" else 0.0
    exemplars = c.EXEMPLARS_BY_KIND.get(unit.kind, 1) + unit.staff / 100
    return nominations, unit.staff * c.INITIATIVES_PER_STAFF, exemplars


def _scaled(plan: UnitPlan, rng: random.Random, n_nom: int, n_ini: int, n_exe: int) -> None:
    """Draw what each scaled submission is: award, recognition level, category, and its fate."""
    position = "top" if len(plan.unit.path) == 2 else "local"
    ind = c.OPTION_WEIGHTS[("individual", position)]
    plan.nominations.extend(rng.choices(list(ind), list(ind.values()), k=n_nom))
    plan.nominations[:] = bytes(o | (FLAG if rng.random() < c.NOT_PASSED else 0) for o in plan.nominations)
    levels = rng.choices(range(3), c.INITIATIVE_WEIGHTS[position], k=n_ini)
    plan.initiatives.extend(lv | (FLAG if rng.random() < c.INITIATIVE_WITHDRAWN else 0) for lv in levels)
    for _ in range(n_exe):
        code = (rng.random() < 0.35) | (INDIVIDUAL if rng.random() < 0.8 else 0)
        plan.exemplars.append(code | (FLAG if rng.random() < c.EXEMPLAR_WITHDRAWN else 0))


def _decisions(plans: list[UnitPlan], year: int) -> list[DecisionPlan]:
    """Passed nominations grouped by deciding level and award, cut into decisions of DECISION_SIZE."""
    by_unit = {p.unit.unit_id: p.unit for p in plans}
    groups: dict[tuple[str, int], array[int]] = {}
    for p in plans:
        parent = by_unit.get(p.unit.parent_id or "")
        for k, code in enumerate(p.nominations):
            option = c.OPTIONS[code & ~FLAG]
            if code & FLAG or option.decided_by is None or parent is None:
                continue
            level_id = parent.unit_id if option.decided_by == "district" else p.unit.path[0]
            groups.setdefault((level_id, code), array("q")).append(p.index * _K + k)
    out: list[DecisionPlan] = []
    numbers: dict[str, int] = {}
    for (level_id, code), members in sorted(groups.items()):
        level, option = by_unit[level_id], c.OPTIONS[code]
        for chunk, start in enumerate(range(0, len(members), c.DECISION_SIZE)):
            numbers[level_id] = numbers.get(level_id, 0) + 1
            number = f"{numbers[level_id]}/QĐ-UBND"
            day = c.signed_on(level.kind, option.award_code, year, chunk)
            out.append(DecisionPlan(level, option, number, day, members[start : start + c.DECISION_SIZE]))
    return out


def _fit(plans: list[UnitPlan], excess: int, rng: random.Random) -> None:
    """Add (excess < 0) or drop (excess > 0) initiatives that are never withdrawn, so the total is exact."""
    weights = [float(p.unit.staff) for p in plans]
    if excess < 0:
        for p, n in zip(plans, apportion(-excess, weights), strict=True):
            p.initiatives.extend(rng.choices(range(3), c.INITIATIVE_WEIGHTS["local"], k=n))
        return
    kept = [sum(1 for b in p.initiatives if not b & FLAG) for p in plans]
    for p, n in zip(plans, apportion(min(excess, sum(kept)), [float(k) for k in kept]), strict=True):
        for _ in range(n):
            last = max(i for i, b in enumerate(p.initiatives) if not b & FLAG)
            del p.initiatives[last]


def plan_year(year: int, scope: str | None, target_events: int | None, seed: int) -> YearPlan:
    """Decide the whole year: fixed parts, then volumes scaled to exactly `target_events` (if reachable)."""
    tree = units(scope)
    rngs = [random.Random(f"{seed}|{year}|{u.unit_id}") for u in tree]
    plans = [_fixed(rng, u, i, year, seed) for i, (u, rng) in enumerate(zip(tree, rngs, strict=True))]
    receivers = [u for u in tree if u.kind in ("city", "district")]
    kinds: tuple[c.RoundKind, ...] = ("registration", "exemplar", "initiative", "nomination")
    rounds = {
        r.unit_id: {k: c.round_spec(k, year, r.unit_id, r.kind == "city") for k in kinds} for r in receivers
    }
    rates = [_rates(p) for p in plans]
    multiplier = 1.0
    if target_events is not None:
        fixed = YearPlan(year, seed, scope, plans, rounds, _decisions(plans, year), 1.0).event_counts()
        natural = sum(
            n + i * (1 + c.INITIATIVE_WITHDRAWN) + e * (1 + c.EXEMPLAR_WITHDRAWN) for n, i, e in rates
        )
        # (decisions add ~1 event per DECISION_SIZE passed nominations: the fit below absorbs them)
        multiplier = max(0.0, (target_events - sum(fixed.values())) / natural) if natural else 0.0
    shares = [
        apportion(round(multiplier * sum(r[j] for r in rates)), [r[j] for r in rates]) for j in range(3)
    ]
    for p, rng, n_nom, n_ini, n_exe in zip(plans, rngs, *shares, strict=True):
        _scaled(p, rng, n_nom, n_ini, n_exe)
    year_plan = YearPlan(year, seed, scope, plans, rounds, _decisions(plans, year), multiplier)
    if target_events is not None:
        _fit(
            plans, sum(year_plan.event_counts().values()) - target_events, random.Random(f"{seed}|{year}|fit")
        )
    return year_plan
