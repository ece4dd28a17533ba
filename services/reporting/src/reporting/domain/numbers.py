"""A unit's numbers: totals, and breakdowns keyed by title, award, level or category (docs/domain.md §6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Increments by counter field; a breakdown's fields are dotted (`registrations_by_title.<code>`).
Delta = dict[str, int]
# What a counter (or one of its months) holds as stored: totals, and breakdowns by code.
Counted = Mapping[str, int | Mapping[str, int]]

TOTALS = (
    "registrations_total",
    "individuals_total",
    "dossiers_total",
    "awards_total",
    "initiatives_total",
    "exemplars_total",
    "movements_total",
)
BREAKDOWNS = (
    "registrations_by_title",
    "individuals_by_title",
    "dossiers_by_award",
    "awards_by_award",
    "awards_by_level",
    "initiatives_by_level",
    "exemplars_by_category",
    "awards_by_subject_kind",
    "review_at_level",  # the level's own processing: received, returned, finished, timed, days
    # The Ministry's statistics forms (docs/decisions/0029): `<level kind>:<award>:<subject kind>` and
    # `<launching level kind>:<movement kind>`.
    "awards_by_level_award_subject",
    "movements_by_level_kind",
    # The registration forms (Form 1, Form 2, models): rows by form, and `<form>:<award>` rows aiming at it.
    "form_rows",
    "form_targets",
)


@dataclass(frozen=True)
class Numbers:
    """Totals and breakdowns by code; zero where nothing was counted, breakdown keys back at zero left out."""

    totals: Mapping[str, int]
    breakdowns: Mapping[str, Mapping[str, int]]

    @classmethod
    def of(cls, counted: Counted) -> Numbers:
        """The numbers of a counter as stored, or of one of its months."""
        totals = {name: _total(counted.get(name, 0)) for name in TOTALS}
        breakdowns = {name: _without_zeros(counted.get(name, {})) for name in BREAKDOWNS}
        return cls(totals, breakdowns)

    @classmethod
    def zero(cls) -> Numbers:
        """Nothing counted."""
        return cls.of({})

    def total(self, name: str) -> int:
        """A total (`registrations_total`, ...), 0 when nothing was counted."""
        return self.totals.get(name, 0)

    def by(self, name: str) -> Mapping[str, int]:
        """A breakdown (`awards_by_level`, ...), empty when nothing was counted."""
        return self.breakdowns.get(name, {})

    def __add__(self, other: Numbers) -> Numbers:
        """Field by field; breakdowns key by key (keys summing to zero dropped)."""
        totals = {name: self.total(name) + other.total(name) for name in TOTALS}
        breakdowns = {}
        for name in BREAKDOWNS:
            merged = dict(self.by(name))
            for key, n in other.by(name).items():
                merged[key] = merged.get(key, 0) + n
            breakdowns[name] = _without_zeros(merged)
        return Numbers(totals, breakdowns)

    def fields(self) -> dict[str, int | dict[str, int]]:
        """The numbers as shown and published: every total, then every breakdown."""
        return {
            **{name: self.total(name) for name in TOTALS},
            **{name: dict(self.by(name)) for name in BREAKDOWNS},
        }


@dataclass(frozen=True)
class Counter:
    """One unit's counter of a period: its numbers, the same month by month (Hà Nội months), its version."""

    numbers: Numbers = field(default_factory=Numbers.zero)
    months: Mapping[str, Numbers] = field(default_factory=dict)
    version: int = 0


@dataclass(frozen=True)
class UnitNumbers:
    """A unit's numbers of a period as shown (as they stood at the end of `as_of`, a month, if asked)."""

    unit_id: str
    unit_name: str
    period: str
    numbers: Numbers
    version: int
    as_of: str | None = None


def _total(value: int | Mapping[str, int]) -> int:
    return value if isinstance(value, int) else 0


def _without_zeros(value: int | Mapping[str, int]) -> dict[str, int]:
    return {key: n for key, n in value.items() if n != 0} if isinstance(value, Mapping) else {}
