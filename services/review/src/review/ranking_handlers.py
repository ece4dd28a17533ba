"""Use case of a cluster's ranking: combined by the documented method, frozen, published with an event."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.review import ClusterRankingPublished, RankedUnit
from emutrack_kit.auth import Principal
from review.cluster_handlers import authorize_head, criteria_of, save_cluster
from review.domain.integrity import Snapshot, freeze
from review.domain.ranking import (
    METHOD,
    METHOD_VERSION,
    Combination,
    SuspiciousPair,
    UnitResult,
    combine,
    suspicious_pairs,
)
from review.domain.scoring import HeadAdjustment, Mark, ScoreSheet
from review.handlers import Deps, unit_path
from review.nomination_handlers import PRODUCER


def _sheet(raw: dict[str, Any]) -> ScoreSheet:
    marks = {k: tuple(Mark(**m) for m in raw[k]) for k in ("marks", "bonuses", "penalties")}
    return ScoreSheet(
        raw["kind"], raw["scorer_id"], raw["scored_id"], raw["set_id"], raw["set_version"], **marks
    )


def _result_doc(result: UnitResult) -> dict[str, Any]:
    doc = asdict(result)
    for field in ("cross_totals", "used_totals"):
        doc[field] = [{"inspector": who, "total": total} for who, total in getattr(result, field)]
    return doc


def compute_ranking(
    doc: dict[str, Any], normalise: bool
) -> tuple[Combination, tuple[SuspiciousPair, ...], Snapshot]:
    """The cluster's ranking from its stored criteria, sheets and adjustments, frozen with its hash."""
    criteria = criteria_of(doc)
    sheets = [_sheet(s) for s in doc["sheets"].values()]
    adjustments = [HeadAdjustment(**a) for a in doc["adjustments"]]
    combination = combine(criteria, sheets, adjustments, normalise=normalise)
    flags = suspicious_pairs(criteria, sheets)
    inputs = {
        "criteria": doc["criteria"],
        "sheets": doc["sheets"],
        "adjustments": doc["adjustments"],
        "normalise": normalise,
    }
    result = {
        "ranking": [_result_doc(r) for r in combination.results],
        "suspicious_pairs": [asdict(f) for f in flags],
    }
    snapshot = freeze(
        "cluster_ranking", inputs, f"{METHOD}@{METHOD_VERSION}", doc["criteria"]["version"], result
    )
    return combination, flags, snapshot


async def publish_ranking(
    deps: Deps, principal: Principal, cluster_id: str, normalise: bool
) -> dict[str, Any]:
    """The head publishes the ranking: combined by the documented method, frozen with its inputs and hash."""
    doc = await authorize_head(deps, principal, cluster_id)
    combination, flags, snapshot = compute_ranking(doc, normalise)
    published = {
        **snapshot.result,
        "method": snapshot.method,
        "content_hash": snapshot.content_hash,
        "normalised": normalise,
    }
    await deps.chain.append_once(
        f"ranking:{cluster_id}:{snapshot.content_hash}",
        {"cluster_id": cluster_id, "content_hash": snapshot.content_hash},
    )
    payload = ClusterRankingPublished(
        cluster_id=cluster_id, cluster_name=doc["name"], year=doc["year"], level_unit_id=doc["level_unit_id"],
        member_ids=doc["member_ids"],
        ranking=[
            RankedUnit(unit_id=r.unit_id, rank=r.rank, final_score=r.final, cross_mean=r.cross_mean,
                       self_total=r.self_total)
            for r in combination.results
        ],
        suspicious_pairs=len(flags), method=snapshot.method, content_hash=snapshot.content_hash,
        published_at=deps.clock(),
    )  # fmt: skip
    event = new_event(
        "cluster_ranking.published",
        producer=PRODUCER,
        unit_path=await unit_path(deps, doc["level_unit_id"]),
        actor=principal.subject,
        payload=payload,
    )
    return await save_cluster(deps, doc, {"results": published}, [event])
