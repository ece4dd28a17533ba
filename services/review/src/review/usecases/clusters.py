"""Emulation clusters: set up by the level's office; criteria and the cross-inspection by the head."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Conflict
from emutrack_kit.repository import Page
from emutrack_kit.unit_of_work import Duplicate, UnitOfWork
from review.domain.cluster_record import ClusterRecord, InspectionDraw
from review.domain.clusters import Cluster, ConflictOfInterest, new_cluster
from review.domain.criteria import CriteriaSet, Item, Section, copy_for_year, new_criteria_set
from review.domain.inspections import assign_for_cluster
from review.usecases.cluster_access import (
    LEVEL_READERS,
    authorize_editor,
    authorize_head,
    authorize_setup,
    ensure_allowed,
    head_or_office,
    readable_cluster,
)
from review.usecases.cluster_views import load_cluster, save_cluster
from review.usecases.context import Context


@dataclass(frozen=True)
class NewCluster:
    """A cluster of one level's peer units for a year, its head and deputy, and declared conflicts."""

    level_unit_id: str
    name: str
    year: int
    member_ids: tuple[str, ...]
    head_id: str
    deputy_id: str
    conflicts: tuple[ConflictOfInterest, ...] = ()


async def create(ctx: Context, principal: Principal, command: NewCluster) -> ClusterRecord:
    """The level's standing office sets up a cluster for a year."""
    await authorize_setup(ctx, principal, command.level_unit_id)
    cluster = new_cluster(
        Cluster(
            f"cum-{uuid.uuid4().hex[:12]}", command.name, command.level_unit_id, command.year,
            command.member_ids, command.head_id, command.deputy_id, conflicts=command.conflicts,
        )
    )  # fmt: skip
    uow = UnitOfWork()
    ctx.clusters.stage_new(uow, ClusterRecord(cluster))
    try:
        await uow.commit()
    except Duplicate:
        raise Conflict("CLUSTER_EXISTS", "Cụm thi đua đã tồn tại.", field="cluster_id") from None
    return await load_cluster(ctx, cluster.cluster_id)


async def get_cluster(ctx: Context, principal: Principal, cluster_id: str) -> ClusterRecord:
    """A cluster for its members, its level's office and council, and viewers of the level."""
    return await readable_cluster(ctx, principal, cluster_id)


@dataclass(frozen=True)
class ClusterSummary:
    """A cluster in a list: who is in it, who leads it, and how far its year has gone."""

    cluster_id: str
    name: str
    year: int
    level_unit_id: str
    member_ids: tuple[str, ...]
    head_id: str
    deputy_id: str
    stage: str  # new, criteria, assigned, scoring, ranked, honouring, honoured


def stage_of(record: ClusterRecord) -> str:
    """How far the cluster's year has gone, from set up to the honouring vote closed."""
    if record.honouring is not None:
        return "honoured" if record.honouring.status == "closed" else "honouring"
    steps = (
        (record.results, "ranked"), (record.sheets, "scoring"), (record.assignment, "assigned"),
        (record.criteria, "criteria"),
    )  # fmt: skip
    return next((stage for part, stage in steps if part), "new")


async def list_clusters(
    ctx: Context, principal: Principal, year: int | None, q: str, limit: int, skip: int
) -> Page[ClusterSummary]:
    """The clusters the caller may read: those of its units, and those organised by its levels."""
    members, levels = principal.units_with(tuple(Role)), principal.units_with(LEVEL_READERS)
    page = await ctx.clusters.readable(members, levels, year, q, limit, skip)
    return Page([_summary(r) for r in page.items], page.total)


def _summary(record: ClusterRecord) -> ClusterSummary:
    c = record.cluster
    return ClusterSummary(
        c.cluster_id, c.name, c.year, c.level_unit_id, c.member_ids, c.head_id, c.deputy_id, stage_of(record)
    )


@dataclass(frozen=True)
class CriteriaDraft:
    """A whole criteria set as the head writes it (each save is a new version)."""

    sections: Sequence[Section]
    bonus_items: Sequence[Item] = ()
    penalty_items: Sequence[Item] = ()
    declared_total: float | None = None


async def set_criteria(
    ctx: Context, principal: Principal, cluster_id: str, draft: CriteriaDraft
) -> ClusterRecord:
    """The head (or the office) sets the criteria set: a new version each time."""
    record = await authorize_editor(ctx, principal, cluster_id)
    if record.sheets:
        raise Conflict(
            "SCORING_STARTED", "Đã có phiếu chấm; không sửa bộ tiêu chí giữa chừng.", field="criteria"
        )
    criteria = new_criteria_set(
        CriteriaSet(
            set_id=f"{cluster_id}-tieu-chi", cluster_id=cluster_id, year=record.cluster.year,
            sections=tuple(draft.sections), bonus_items=tuple(draft.bonus_items),
            penalty_items=tuple(draft.penalty_items), declared_total=draft.declared_total,
            version=(record.criteria.version if record.criteria else 0) + 1,
        )
    )  # fmt: skip
    return await save_cluster(ctx, replace(record, criteria=criteria), "criteria")


async def copy_criteria(
    ctx: Context, principal: Principal, cluster_id: str, from_cluster_id: str
) -> ClusterRecord:
    """Start this year's criteria from last year's cluster (version 1), to edit afterwards."""
    record, source = await load_cluster(ctx, cluster_id), await load_cluster(ctx, from_cluster_id)
    ensure_allowed(head_or_office(principal, record), "Cụm trưởng hoặc cơ quan thường trực")
    if source.criteria is None:
        raise Conflict("NO_CRITERIA", "Cụm nguồn chưa có bộ tiêu chí.", field="from_cluster_id")
    copied = copy_for_year(source.criteria, record.cluster.year, set_id=f"{cluster_id}-tieu-chi")
    return await save_cluster(ctx, replace(record, criteria=copied), "criteria")


async def draw_inspections(
    ctx: Context, principal: Principal, cluster_id: str, k: int, seed: str
) -> ClusterRecord:
    """The head draws the cross-inspection: k peers per member, never itself, conflicts honoured."""
    record = await authorize_head(ctx, principal, cluster_id)
    if record.sheets:
        raise Conflict("SCORING_STARTED", "Đã có phiếu chấm; không phân công lại.", field="assignment")
    drawn = assign_for_cluster(record.cluster, k, seed=seed)
    assignment = InspectionDraw(drawn.k, str(drawn.seed), drawn.pairs)
    return await save_cluster(ctx, replace(record, assignment=assignment), "assignment")
