"""Use cases of review's events in reporting: each level's processing numbers and clusters' rankings."""

from __future__ import annotations

from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.review import ClusterRankingPublished, NominationStatusChanged
from emutrack_kit.auth import Principal
from emutrack_kit.clock import hanoi_month
from emutrack_kit.consumer import Position
from reporting.domain.periods import period_day
from reporting.domain.processing import review_delta
from reporting.domain.rollup import rollup_targets
from reporting.handlers import Deps, visible_unit


async def on_nomination_status_changed(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Count, for the level holding it, a nomination received, returned once, finished (with its days)."""
    p = NominationStatusChanged.model_validate(envelope.payload)
    progress = await deps.progress.get(p.nomination_id)
    delta, after = review_delta(progress, p.status, p.changed_at, p.year)
    # The event belongs to the proposing unit; the level sits on its path (as review itself reads it).
    on_path = list(envelope.unit_path)
    path = on_path[: on_path.index(p.level_unit_id) + 1] if p.level_unit_id in on_path else [p.level_unit_id]
    first, stored = await deps.facts.record(
        str(envelope.event_id),
        position,
        delta,
        {"event_type": envelope.event_type, "unit_id": p.level_unit_id, "unit_path": path},
    )
    await deps.progress.keep(p.nomination_id, after)
    # The level's own numbers, not its ancestors': each level is measured on what it processed.
    own = [t for t in rollup_targets(path, str(p.year), hanoi_month(p.changed_at)) if t.unit_id == path[-1]]
    await deps.counters.apply(own, stored, first)


async def on_cluster_ranking_published(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Keep the cluster's latest ranking (the event belongs to the organising level)."""
    p = ClusterRankingPublished.model_validate(envelope.payload)
    ranking = [
        {"unit_id": r.unit_id, "rank": r.rank, "final_score": r.final_score}
        for r in sorted(p.ranking, key=lambda r: r.rank)
    ]
    await deps.rankings.keep(
        {
            "_id": f"{p.cluster_id}:{p.year}",
            "cluster_id": p.cluster_id,
            "cluster_name": p.cluster_name,
            "year": p.year,
            "level_unit_id": p.level_unit_id,
            "level_path": list(envelope.unit_path),
            "ranking": ranking,
            "published_at": p.published_at,
        }
    )


async def rankings_within(deps: Deps, principal: Principal, unit_id: str, year: int) -> list[dict[str, Any]]:
    """The rankings of the clusters organised within a unit's subtree in a year."""
    await visible_unit(deps, principal, unit_id, period_day(str(year), deps.today()))
    tree = await deps.units.tree()
    found = []
    for d in await deps.rankings.within(unit_id, year):
        ranking = [{**r, "unit_name": tree.name(r["unit_id"])} for r in d["ranking"]]
        fields = ("cluster_id", "cluster_name", "year", "level_unit_id", "published_at")
        found.append({**{k: d[k] for k in fields}, "ranking": ranking})
    return found
