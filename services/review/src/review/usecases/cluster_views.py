"""A cluster's reads and guarded writes, shared by the cluster use cases."""

from __future__ import annotations

from collections.abc import Sequence

from emutrack_contracts import Envelope
from emutrack_kit.errors import NotFound
from emutrack_kit.unit_of_work import UnitOfWork
from review.domain.cluster_record import ClusterRecord
from review.usecases.context import Context
from review.usecases.writes import commit


async def load_cluster(ctx: Context, cluster_id: str) -> ClusterRecord:
    """A cluster; UNKNOWN_CLUSTER if there is none."""
    record = await ctx.clusters.get(cluster_id)
    if record is None:
        raise NotFound("UNKNOWN_CLUSTER", f"Không tìm thấy cụm thi đua '{cluster_id}'.", field="cluster_id")
    return record


async def save_cluster(
    ctx: Context, after: ClusterRecord, *parts: str, events: Sequence[Envelope] = ()
) -> ClusterRecord:
    """Store the changed parts of `after` (with their events) unless the cluster changed since it was read."""
    uow = UnitOfWork()
    ctx.clusters.stage_change(uow, after, parts, events)
    await commit(uow)
    return await load_cluster(ctx, after.cluster_id)
