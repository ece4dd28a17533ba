"""An emulation cluster's year as review keeps it: criteria, cross-inspection, sheets, ranking, honouring.

Each part has a `public()` form, the JSON it is stored and shown as; the ranking is frozen over the
public forms of the criteria, sheets and adjustments, so recomputing it from what is stored gives
the published hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from emutrack_kit.errors import Conflict
from review.domain.clusters import Cluster
from review.domain.criteria import CriteriaSet
from review.domain.integrity import JsonObject, Snapshot, freeze
from review.domain.ranking import (
    METHOD,
    METHOD_VERSION,
    Combination,
    SuspiciousPair,
    UnitResult,
    combine,
    suspicious_pairs,
)
from review.domain.scoring import HeadAdjustment, ScoreSheet


@dataclass(frozen=True)
class InspectionDraw:
    """The cross-inspection as drawn: peers per member, the seed, and the (inspector, inspected) pairs."""

    k: int
    seed: str
    pairs: tuple[tuple[str, str], ...]

    def public(self) -> dict[str, object]:
        """As stored and shown (pairs as objects: FerretDB keeps no nested arrays)."""
        pairs = [{"inspector": a, "inspected": b} for a, b in self.pairs]
        return {"k": self.k, "seed": self.seed, "pairs": pairs}


@dataclass(frozen=True)
class PublishedRanking:
    """The published ranking: each member's result row and the flagged pairs, frozen with their hash."""

    ranking: tuple[JsonObject, ...]
    suspicious_pairs: tuple[JsonObject, ...]
    method: str
    content_hash: str
    normalised: bool

    def public(self) -> dict[str, object]:
        """As stored and shown."""
        return {
            "ranking": list(self.ranking),
            "suspicious_pairs": list(self.suspicious_pairs),
            "method": self.method,
            "content_hash": self.content_hash,
            "normalised": self.normalised,
        }

    @property
    def order(self) -> list[str]:
        """The members in ranking order."""
        return [str(r["unit_id"]) for r in self.ranking]

    def row(self, unit_id: str) -> JsonObject:
        """A member's result row."""
        return next(r for r in self.ranking if r["unit_id"] == unit_id)


@dataclass(frozen=True)
class HonouringVote:
    """The honouring vote: its ballot, the award, candidates, approvals per paper, how many lead, result."""

    ballot_id: str
    award_code: str
    candidates: tuple[str, ...]
    max_approvals: int
    top_n: int
    status: str = "open"
    result: JsonObject | None = None

    def public(self) -> dict[str, object]:
        """As stored and shown."""
        return {**asdict(self), "candidates": list(self.candidates)}


@dataclass(frozen=True)
class ClusterRecord:
    """A cluster's year: the cluster and what its head, office and members added, with its version."""

    cluster: Cluster
    criteria: CriteriaSet | None = None
    assignment: InspectionDraw | None = None
    sheets: Mapping[str, ScoreSheet] = field(default_factory=dict)
    adjustments: tuple[HeadAdjustment, ...] = ()
    results: PublishedRanking | None = None
    honouring: HonouringVote | None = None
    version: int = 1

    @property
    def cluster_id(self) -> str:
        """The cluster's id."""
        return self.cluster.cluster_id

    def checked_criteria(self) -> CriteriaSet:
        """The criteria set; NO_CRITERIA until there is one."""
        if self.criteria is None:
            raise Conflict("NO_CRITERIA", "Cụm chưa có bộ tiêu chí chấm điểm.", field="criteria")
        return self.criteria

    def public(self) -> dict[str, Any]:
        """As stored and shown (the honouring vote once there is one)."""
        c = self.cluster
        shown: dict[str, Any] = {
            "name": c.name, "level_unit_id": c.level_unit_id, "year": c.year,
            "member_ids": list(c.member_ids), "head_id": c.head_id, "deputy_id": c.deputy_id,
            "conflicts": [asdict(x) for x in c.conflicts],
            "criteria": None if self.criteria is None else criteria_public(self.criteria),
            "assignment": None if self.assignment is None else self.assignment.public(),
            "sheets": {key: asdict(sheet) for key, sheet in self.sheets.items()},
            "adjustments": [asdict(a) for a in self.adjustments],
            "results": None if self.results is None else self.results.public(),
        }  # fmt: skip
        if self.honouring is not None:
            shown["honouring"] = self.honouring.public()
        return shown


def sheet_key(sheet: ScoreSheet) -> str:
    """Where a sheet is kept: one per kind, scorer and scored unit (a new one replaces it)."""
    return f"{sheet.kind}|{sheet.scorer_id}|{sheet.scored_id}"


def criteria_public(criteria: CriteriaSet) -> dict[str, Any]:
    """A criteria set as stored and shown (its version, sections, items and declared total)."""
    kept = ("version", "sections", "bonus_items", "penalty_items", "declared_total")
    return {k: v for k, v in asdict(criteria).items() if k in kept}


def frozen_ranking(
    record: ClusterRecord, normalise: bool
) -> tuple[Combination, tuple[SuspiciousPair, ...], Snapshot]:
    """The cluster's ranking from its criteria, sheets and adjustments, frozen with its hash."""
    criteria = record.checked_criteria()
    sheets = list(record.sheets.values())
    combination = combine(criteria, sheets, record.adjustments, normalise=normalise)
    flags = suspicious_pairs(criteria, sheets)
    shown = record.public()
    inputs = {
        "criteria": shown["criteria"],
        "sheets": shown["sheets"],
        "adjustments": shown["adjustments"],
        "normalise": normalise,
    }
    result = {
        "ranking": [_result_row(r) for r in combination.results],
        "suspicious_pairs": [asdict(f) for f in flags],
    }
    snapshot = freeze("cluster_ranking", inputs, f"{METHOD}@{METHOD_VERSION}", criteria.version, result)
    return combination, flags, snapshot


def _result_row(result: UnitResult) -> dict[str, Any]:
    row = asdict(result)
    for name in ("cross_totals", "used_totals"):
        row[name] = [{"inspector": who, "total": total} for who, total in getattr(result, name)]
    return row
