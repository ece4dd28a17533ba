"""Who may do what in an emulation cluster.

The level's standing office sets a cluster up; its head (a `cluster_head` bound to the head unit)
edits the criteria, draws the cross-inspection, adjusts with reasons, publishes the ranking and runs
the honouring vote; each member's officer or head fills its sheets; a unit votes by its head.
"""

from __future__ import annotations

from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Forbidden
from review.domain.cluster_record import ClusterRecord
from review.usecases.access import OFFICE, bound_to
from review.usecases.cluster_views import load_cluster
from review.usecases.context import Context

SCORERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD)
LEVEL_READERS = (*OFFICE, Role.VIEWER, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR)


def ensure_allowed(allowed: bool, who: str) -> None:
    """NOT_CLUSTER_ROLE unless allowed."""
    if not allowed:
        raise Forbidden("NOT_CLUSTER_ROLE", f"Chỉ {who} mới được thực hiện thao tác này.", field="cluster_id")


async def authorize_setup(_: Context, principal: Principal, level: str) -> None:
    """The caller is the standing office (or an admin bound to it) of the level organising clusters."""
    ensure_allowed(bound_to(principal, level, OFFICE), "cơ quan thường trực của cấp tổ chức cụm")


def head_or_office(principal: Principal, record: ClusterRecord) -> bool:
    """True for the cluster's head or its level's standing office (or admin)."""
    head = bound_to(principal, record.cluster.head_id, [Role.CLUSTER_HEAD])
    return head or bound_to(principal, record.cluster.level_unit_id, OFFICE)


async def authorize_editor(ctx: Context, principal: Principal, cluster_id: str) -> ClusterRecord:
    """The cluster, once the caller is its head or its level's standing office (or admin)."""
    record = await load_cluster(ctx, cluster_id)
    ensure_allowed(head_or_office(principal, record), "Cụm trưởng hoặc cơ quan thường trực")
    return record


async def authorize_scorer(
    ctx: Context, principal: Principal, cluster_id: str, scorer_id: str
) -> ClusterRecord:
    """The cluster, once the caller is the officer or head of the scoring member."""
    record = await load_cluster(ctx, cluster_id)
    ensure_allowed(
        bound_to(principal, scorer_id, SCORERS) and scorer_id in record.cluster.member_ids,
        "cán bộ, thủ trưởng đơn vị chấm",
    )
    return record


async def authorize_head(ctx: Context, principal: Principal, cluster_id: str) -> ClusterRecord:
    """The cluster, once the caller is its head (a `cluster_head` bound to the head unit)."""
    record = await load_cluster(ctx, cluster_id)
    ensure_allowed(bound_to(principal, record.cluster.head_id, [Role.CLUSTER_HEAD]), "Cụm trưởng")
    return record


async def authorize_voter(
    ctx: Context, principal: Principal, cluster_id: str, voter_unit_id: str
) -> ClusterRecord:
    """The cluster, once the caller heads the voting unit (a unit votes by its head)."""
    record = await load_cluster(ctx, cluster_id)
    ensure_allowed(bound_to(principal, voter_unit_id, [Role.UNIT_HEAD]), "thủ trưởng đơn vị thành viên")
    return record


async def readable_cluster(ctx: Context, principal: Principal, cluster_id: str) -> ClusterRecord:
    """A cluster for its members, its level's office and council, and viewers of the level."""
    record = await load_cluster(ctx, cluster_id)
    member = any(bound_to(principal, m, tuple(Role)) for m in record.cluster.member_ids)
    level = bound_to(principal, record.cluster.level_unit_id, LEVEL_READERS)
    ensure_allowed(member or level, "thành viên cụm hoặc cấp tổ chức cụm")
    return record
