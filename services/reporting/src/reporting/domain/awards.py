"""Awardees of counted decisions (the lists people file) and the clusters' published rankings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Awardee:
    """One awardee of a counted decision, with the path of the unit that proposed it."""

    decision_id: str
    nomination_id: str
    unit_path: tuple[str, ...]
    proposing_unit_name: str
    period: str  # the emulation year the award honours (docs/decisions/0019)
    subject_name: str
    subject_kind: str
    award_name: str
    number: str
    signed_on: date
    level_name: str

    @property
    def signed_year(self) -> str:
        """The year the decision was signed."""
        return str(self.signed_on.year)


def in_list_order(awardees: Iterable[Awardee]) -> list[Awardee]:
    """Awardees as the list shows them: by decision date, number, then name."""
    return sorted(awardees, key=lambda a: (a.signed_on, a.number, a.subject_name))


@dataclass(frozen=True)
class Ranked:
    """A member's place in its cluster."""

    unit_id: str
    rank: int
    final_score: float


@dataclass(frozen=True)
class PublishedRanking:
    """A cluster's latest published ranking, held by the level that organises the cluster."""

    cluster_id: str
    cluster_name: str
    year: int
    level_unit_id: str
    level_path: tuple[str, ...]
    ranking: tuple[Ranked, ...]
    published_at: datetime

    @property
    def key(self) -> str:
        """One ranking per cluster and year."""
        return f"{self.cluster_id}:{self.year}"


def by_cluster_name(rankings: Iterable[PublishedRanking]) -> list[PublishedRanking]:
    """Rankings in the order they are listed: by cluster name, then cluster and year."""
    return sorted(rankings, key=lambda r: (r.cluster_name, r.key))
