"""Review's events: each level's processing numbers, and the clusters' published rankings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from emutrack_contracts.events.review import ClusterRankingPublished, NominationStatusChanged
from emutrack_kit.clock import hanoi_month
from reporting.domain.awards import PublishedRanking, Ranked
from reporting.domain.periods import period_day
from reporting.domain.processing import review_delta
from reporting.domain.rollup import rollup_targets
from reporting.usecases.access import visible_unit
from reporting.usecases.context import Context
from reporting.usecases.facts import Delivery, record_fact
from reporting.usecases.views import NumbersAsked


async def nomination_status_changed(ctx: Context, p: NominationStatusChanged, d: Delivery) -> None:
    """Count, for the level holding it, a nomination received, returned once, finished (with its days)."""
    progress = await ctx.work.progress.get(p.nomination_id)
    delta, after = review_delta(progress, p.status, p.changed_at, p.year)
    # The event belongs to the proposing unit; the level sits on its path (as review itself reads it).
    on_path = list(d.envelope.unit_path)
    path = on_path[: on_path.index(p.level_unit_id) + 1] if p.level_unit_id in on_path else [p.level_unit_id]
    fact = await record_fact(ctx, d, delta, path=path)
    await ctx.work.progress.keep(p.nomination_id, after)
    # The level's own numbers, not its ancestors': each level is measured on what it processed.
    own = [t for t in rollup_targets(path, str(p.year), hanoi_month(p.changed_at)) if t.unit_id == path[-1]]
    await ctx.work.counters.apply(own, fact.delta, fact.position)


async def cluster_ranking_published(ctx: Context, p: ClusterRankingPublished, d: Delivery) -> None:
    """Keep the cluster's latest ranking (the event belongs to the organising level)."""
    ranking = tuple(Ranked(r.unit_id, r.rank, r.final_score) for r in sorted(p.ranking, key=lambda r: r.rank))
    await ctx.work.rankings.keep(
        PublishedRanking(
            p.cluster_id,
            p.cluster_name,
            p.year,
            p.level_unit_id,
            tuple(d.envelope.unit_path),
            ranking,
            p.published_at,
        )
    )


@dataclass(frozen=True)
class RankedMember:
    """A member's place in its cluster, with its name."""

    unit_id: str
    unit_name: str
    rank: int
    final_score: float


@dataclass(frozen=True)
class ClusterRanking:
    """A cluster's latest published ranking, its members named."""

    cluster_id: str
    cluster_name: str
    year: int
    level_unit_id: str
    ranking: list[RankedMember]
    published_at: datetime


async def rankings_within(ctx: Context, q: NumbersAsked) -> list[ClusterRanking]:
    """The rankings of the clusters organised within a unit's subtree in a year."""
    await visible_unit(ctx, q.caller, q.unit_id, period_day(q.period, ctx.today()))
    tree = await ctx.work.tree.tree()
    return [
        ClusterRanking(
            r.cluster_id,
            r.cluster_name,
            r.year,
            r.level_unit_id,
            [RankedMember(m.unit_id, tree.name(m.unit_id), m.rank, m.final_score) for m in r.ranking],
            r.published_at,
        )
        for r in await ctx.work.rankings.within(q.unit_id, int(q.period))
    ]
