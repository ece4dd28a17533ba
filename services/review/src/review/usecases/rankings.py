"""A cluster's ranking: combined by the documented method, frozen with its inputs, published with an event."""

from __future__ import annotations

from dataclasses import replace

from emutrack_contracts import new_event
from emutrack_contracts.events.review import ClusterRankingPublished, RankedUnit
from emutrack_kit.auth import Principal
from review.domain.cluster_record import ClusterRecord, PublishedRanking, frozen_ranking
from review.usecases.cluster_access import authorize_head
from review.usecases.cluster_views import save_cluster
from review.usecases.context import Context
from review.usecases.tree import unit_path_today


async def publish_ranking(
    ctx: Context, principal: Principal, cluster_id: str, normalise: bool
) -> ClusterRecord:
    """The head publishes the ranking: combined by the documented method, frozen with its inputs and hash."""
    record = await authorize_head(ctx, principal, cluster_id)
    combination, flags, snapshot = frozen_ranking(record, normalise)
    published = PublishedRanking(
        tuple(snapshot.result["ranking"]), tuple(snapshot.result["suspicious_pairs"]), snapshot.method,
        snapshot.content_hash, normalise,
    )  # fmt: skip
    await ctx.chain.append_once(
        f"ranking:{cluster_id}:{snapshot.content_hash}",
        {"cluster_id": cluster_id, "content_hash": snapshot.content_hash},
    )
    cluster = record.cluster
    payload = ClusterRankingPublished(
        cluster_id=cluster_id, cluster_name=cluster.name, year=cluster.year,
        level_unit_id=cluster.level_unit_id, member_ids=list(cluster.member_ids),
        ranking=[
            RankedUnit(unit_id=r.unit_id, rank=r.rank, final_score=r.final, cross_mean=r.cross_mean,
                       self_total=r.self_total)
            for r in combination.results
        ],
        suspicious_pairs=len(flags), method=snapshot.method, content_hash=snapshot.content_hash,
        published_at=ctx.clock(),
    )  # fmt: skip
    event = new_event(
        "cluster_ranking.published",
        unit_path=list(await unit_path_today(ctx, cluster.level_unit_id)),
        actor=principal.subject,
        payload=payload,
    )
    return await save_cluster(ctx, replace(record, results=published), "results", events=[event])
