"""Use cases of trust: recompute a published appraisal or ranking from its frozen inputs."""

from __future__ import annotations

from typing import Any

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from review.cluster_handlers import get_cluster
from review.domain.recompute import check_appraisal
from review.handlers import Deps
from review.nomination_handlers import get_nomination
from review.ranking_handlers import compute_ranking


async def verify_appraisal(deps: Deps, principal: Principal, identifier: str) -> dict[str, Any]:
    """Whether the nomination's appraisal is intact and the rules give the same result on its inputs."""
    doc = await get_nomination(deps, principal, identifier)
    stored = doc.get("appraisal")
    if stored is None:
        raise Conflict("NOT_APPRAISED", "Hồ sơ chưa được thẩm định.", field="nomination_id")
    rule_set = None
    if stored["rule_set"]:
        award, version = stored["rule_set"].rsplit("@", 1)
        versions = await deps.rules.versions(award)
        rule_set = next((r for r in versions if r.version == int(version)), None)
        if rule_set is None:
            raise Conflict(
                "RULE_SET_GONE",
                f"Không còn bộ quy tắc {stored['rule_set']} để tính lại kết quả thẩm định.",
                field="rule_set",
            )
    quota = stored["inputs"].get("quota")
    quota_data = await deps.quota_snapshots.get(quota["snapshot"]) if quota else None
    checked = check_appraisal(stored, rule_set, quota_data)
    return {"nomination_id": identifier, "rule_set": stored["rule_set"], **checked}


async def verify_ranking(deps: Deps, principal: Principal, cluster_id: str) -> dict[str, Any]:
    """Whether recomputing the cluster's ranking from its sheets gives the published hash."""
    doc = await get_cluster(deps, principal, cluster_id)
    published = doc.get("results")
    if published is None:
        raise Conflict("NO_RANKING", "Cụm chưa công bố kết quả xếp hạng.", field="cluster_id")
    _, _, snapshot = compute_ranking(doc, published["normalised"])
    return {
        "cluster_id": cluster_id,
        "content_hash": published["content_hash"],
        "recomputed_hash": snapshot.content_hash,
        "recomputed_matches": snapshot.content_hash == published["content_hash"],
    }
