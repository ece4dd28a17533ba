"""The numbers reporting should show, computed from the plan (never from reporting's code or the events)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bench.hanoi_year import catalogue as c
from bench.hanoi_year.plan import FLAG, INDIVIDUAL, YearPlan

# The same field names as reporting's counters (reporting.domain.numbers.TOTALS / BREAKDOWNS).
TOTALS = (
    "registrations_total",
    "individuals_total",
    "dossiers_total",
    "awards_total",
    "initiatives_total",
    "exemplars_total",
)
BREAKDOWNS = (
    "registrations_by_title",
    "individuals_by_title",
    "dossiers_by_award",
    "awards_by_award",
    "awards_by_level",
    "initiatives_by_level",
    "exemplars_by_category",
)


@dataclass(frozen=True)
class RoundExpectation:
    """A registration round's coverage: the receiving unit's children on time, late, or never."""

    round_id: str
    receiving_unit_id: str
    deadline: datetime
    expected_unit_ids: list[str]
    late_unit_ids: list[str]
    missing_unit_ids: list[str]

    @property
    def on_time(self) -> int:
        """How many children submitted by the deadline."""
        return len(self.expected_unit_ids) - len(self.late_unit_ids) - len(self.missing_unit_ids)


@dataclass
class Expected:
    """Numbers per (unit, period) including the unit's subtree, and coverage per registration round."""

    counts: dict[tuple[str, str], dict[str, Any]]
    rounds: dict[str, RoundExpectation]

    def numbers(self, unit_id: str, period: str | int) -> dict[str, Any]:
        """A unit's numbers for a period (zero totals, empty breakdowns where nothing happened)."""
        return self.counts.get((unit_id, str(period))) or nested(Counter())


def nested(flat: Counter[str]) -> dict[str, Any]:
    """Flat `field` / `field.key` counts as reporting's shape; zero-count breakdown keys omitted."""
    out: dict[str, Any] = {t: flat.get(t, 0) for t in TOTALS}
    out.update({b: {} for b in BREAKDOWNS})
    for key, n in sorted(flat.items()):
        if "." in key and n:
            name, sub = key.split(".", 1)
            out[name][sub] = n
    return out


def _own(plan: YearPlan) -> dict[str, dict[str, Counter[str]]]:
    """What each unit itself contributes, per period, from its plan's final outcomes."""
    own: dict[str, dict[str, Counter[str]]] = {}
    year = str(plan.year)
    kinds = {p.unit.unit_id: p.unit.kind for p in plan.plans}

    def add(unit_id: str, period: str, total: str, breakdown: str, key: str) -> None:
        counter = own[unit_id].setdefault(period, Counter())
        counter[total] += 1
        counter[f"{breakdown}.{key}"] += 1

    for p in plan.plans:
        uid = p.unit.unit_id
        own[uid] = {year: Counter()}
        for reg in p.registrations:
            if not reg.withdrawn:
                add(uid, year, "registrations_total", "registrations_by_title", reg.final_title)
        for title, n in (p.lists[-1] if p.lists else {}).items():  # the last version replaces the others
            own[uid][year]["individuals_total"] += n
            own[uid][year][f"individuals_by_title.{title}"] += n
        for code in p.nominations:
            option = c.OPTIONS[code & ~FLAG]
            add(uid, year, "dossiers_total", "dossiers_by_award", option.award_code)
            if code & FLAG or option.decided_by is None:
                continue
            level_id = p.unit.path[0] if option.decided_by == "city" else p.unit.parent_id
            assert level_id is not None
            period = str(c.signed_on(kinds[level_id], option.award_code, plan.year, 0).year)
            add(uid, period, "awards_total", "awards_by_award", option.award_code)
            own[uid][period][f"awards_by_level.{kinds[level_id]}"] += 1
        for code in p.initiatives:
            if not code & FLAG:
                add(uid, year, "initiatives_total", "initiatives_by_level", c.INITIATIVE_LEVELS[code & ~FLAG])
        for code in p.exemplars:
            if not code & FLAG:
                category = c.EXEMPLAR_CATEGORIES[code & ~FLAG & ~INDIVIDUAL]
                add(uid, year, "exemplars_total", "exemplars_by_category", category)
    return own


def expected_of(plan: YearPlan) -> Expected:
    """Roll each unit's own numbers up to every ancestor; list each registration round's late and missing."""
    rolled = _own(plan)
    for p in reversed(plan.plans):  # children come after their parents: sum bottom-up
        parent = p.unit.parent_id
        if parent is None:
            continue
        for period, counter in rolled[p.unit.unit_id].items():
            rolled[parent].setdefault(period, Counter()).update(counter)
    rounds: dict[str, RoundExpectation] = {}
    for receiving, by_kind in plan.rounds.items():
        spec = by_kind["registration"]
        children = sorted(
            (p for p in plan.plans if p.unit.parent_id == receiving), key=lambda p: p.unit.unit_id
        )
        rounds[spec.round_id] = RoundExpectation(
            spec.round_id,
            receiving,
            spec.deadline,
            [p.unit.unit_id for p in children],
            [p.unit.unit_id for p in children if p.fate == "late"],
            [p.unit.unit_id for p in children if p.fate == "missing"],
        )
    counts = {(uid, period): nested(n) for uid, periods in rolled.items() for period, n in periods.items()}
    return Expected(counts, rounds)
