"""What the cluster routes accept, and how a cluster is shown."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from review.domain.cluster_record import ClusterRecord
from review.domain.criteria import Criterion, Item, Section
from review.domain.scoring import Mark, SheetDraft
from review.usecases.clusters import CriteriaDraft

Id = Annotated[str, Field(min_length=1, max_length=100)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ConflictIn(_In):
    """Two members that must not inspect each other."""

    first_id: Id
    second_id: Id
    reason: str = Field("", max_length=500)


class ClusterIn(_In):
    """A cluster of one level's peer units for a year."""

    level_unit_id: Id
    name: str = Field(
        min_length=3, max_length=300, examples=["Cụm thi đua số 2 - các phường quận Thanh Xuân"]
    )
    year: int = Field(ge=2000, le=2100)
    member_ids: list[Id] = Field(min_length=3, max_length=200)
    head_id: Id
    deputy_id: Id
    conflicts: list[ConflictIn] = Field(default_factory=list, max_length=200)


class CriterionIn(_In):
    """A criterion with its maximum points and the evidence required."""

    criterion_id: Id
    text: str = Field(min_length=3, max_length=2000)
    max_points: float = Field(gt=0, le=1000)
    evidence: str = Field("", max_length=2000)


class SectionIn(_In):
    """A section of the criteria set."""

    section_id: Id
    title: str = Field(min_length=2, max_length=500)
    criteria: list[CriterionIn] = Field(min_length=1, max_length=200)


class ItemIn(_In):
    """A bonus or penalty item."""

    item_id: Id
    text: str = Field(min_length=3, max_length=2000)
    max_points: float = Field(gt=0, le=1000)


class CriteriaIn(_In):
    """A whole criteria set (each save is a new version)."""

    sections: list[SectionIn] = Field(min_length=1, max_length=50)
    bonus_items: list[ItemIn] = Field(default_factory=list, max_length=100)
    penalty_items: list[ItemIn] = Field(default_factory=list, max_length=100)
    declared_total: float | None = Field(None, gt=0)

    def draft(self) -> CriteriaDraft:
        """The criteria set as the head wrote it."""
        sections = [
            Section(s.section_id, s.title, tuple(Criterion(**c.model_dump()) for c in s.criteria))
            for s in self.sections
        ]
        items = [
            tuple(Item(**i.model_dump()) for i in part) for part in (self.bonus_items, self.penalty_items)
        ]
        return CriteriaDraft(sections, items[0], items[1], self.declared_total)


class InspectionsIn(_In):
    """How many peers score each member, and the seed of the draw (recorded, so it can be replayed)."""

    k: int = Field(2, ge=1, le=50)
    seed: str = Field(min_length=1, max_length=100)


class MarkIn(_In):
    """Points for a criterion or item, with the reason where points are taken off."""

    ref_id: Id
    points: float = Field(ge=0, le=1000)
    comment: str = Field("", max_length=2000)


class SheetIn(_In):
    """A score sheet: the scorer's own unit (self) or an assigned peer (cross)."""

    scorer_id: Id
    kind: Literal["self", "cross"]
    marks: list[MarkIn] = Field(max_length=500)
    bonuses: list[MarkIn] = Field(default_factory=list, max_length=100)
    penalties: list[MarkIn] = Field(default_factory=list, max_length=100)

    def draft(self, scored_id: str) -> SheetDraft:
        """The sheet as its scorer filled it in."""
        marks = [
            [Mark(**m.model_dump()) for m in part] for part in (self.marks, self.bonuses, self.penalties)
        ]
        return SheetDraft(self.kind, self.scorer_id, scored_id, *marks)


class AdjustmentIn(_In):
    """The head's adjustment of a member's result, with its reason."""

    unit_id: Id
    delta: float = Field(ge=-1000, le=1000)
    reason: str = Field(min_length=10, max_length=2000)


class RankingIn(_In):
    """Whether to normalise each inspector's scores before averaging."""

    normalise: bool = False


class HonouringIn(_In):
    """The honouring vote: the award the leaders are proposed for, approvals per paper, how many lead."""

    award_code: Id = Field(examples=["co_thi_dua_thanh_pho"])
    max_approvals: int = Field(1, ge=1, le=50)
    top_n: int = Field(1, ge=1, le=50)


class HonouringVoteIn(_In):
    """A member unit's paper: the candidates it approves."""

    voter_unit_id: Id
    approvals: list[Id] = Field(min_length=1, max_length=50)


def cluster_out(record: ClusterRecord) -> dict[str, Any]:
    """A cluster as shown: its id, every part, its version."""
    return {"cluster_id": record.cluster_id, **record.public(), "version": record.version}
