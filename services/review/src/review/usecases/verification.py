"""Trust: recompute a published appraisal or ranking from its frozen inputs."""

from __future__ import annotations

from dataclasses import dataclass

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from review.domain.cluster_record import frozen_ranking
from review.domain.recompute import check_appraisal
from review.domain.rules import RuleSet
from review.usecases.access import visible_nomination
from review.usecases.cluster_access import readable_cluster
from review.usecases.context import Context


@dataclass(frozen=True)
class AppraisalCheck:
    """Whether an appraisal still hashes to its hash, and the rules give the same result on its inputs."""

    nomination_id: str
    rule_set: str | None
    content_hash: str
    intact: bool
    recomputed_matches: bool


async def verify_appraisal(ctx: Context, principal: Principal, nomination_id: str) -> AppraisalCheck:
    """Whether the nomination's appraisal is intact and the rules give the same result on its inputs."""
    record = (await visible_nomination(ctx, principal, nomination_id)).record
    stored = record.appraisal
    if stored is None:
        raise Conflict("NOT_APPRAISED", "Hồ sơ chưa được thẩm định.", field="nomination_id")
    rule_set = await _rule_set(ctx, stored.rule_set)
    quota = stored.inputs.get("quota")
    quota_data = await ctx.quota_snapshots.get(quota["snapshot"]) if quota else None
    checked = check_appraisal(stored.public(), rule_set, quota_data)
    return AppraisalCheck(
        nomination_id,
        stored.rule_set,
        checked["content_hash"],
        checked["intact"],
        checked["recomputed_matches"],
    )


async def _rule_set(ctx: Context, name: str | None) -> RuleSet | None:
    """The rule set version an appraisal names ("<award>@<version>"); RULE_SET_GONE if it is no more."""
    if not name:
        return None
    award, version = name.rsplit("@", 1)
    found = next((r for r in await ctx.rules.versions(award) if r.version == int(version)), None)
    if found is None:
        raise Conflict(
            "RULE_SET_GONE", f"Không còn bộ quy tắc {name} để tính lại kết quả thẩm định.", field="rule_set"
        )
    return found


@dataclass(frozen=True)
class RankingCheck:
    """Whether recomputing a cluster's ranking from its sheets gives the published hash."""

    cluster_id: str
    content_hash: str
    recomputed_hash: str
    recomputed_matches: bool


async def verify_ranking(ctx: Context, principal: Principal, cluster_id: str) -> RankingCheck:
    """Whether recomputing the cluster's ranking from its sheets gives the published hash."""
    record = await readable_cluster(ctx, principal, cluster_id)
    published = record.results
    if published is None:
        raise Conflict("NO_RANKING", "Cụm chưa công bố kết quả xếp hạng.", field="cluster_id")
    _, _, snapshot = frozen_ranking(record, published.normalised)
    recomputed = snapshot.content_hash
    return RankingCheck(cluster_id, published.content_hash, recomputed, recomputed == published.content_hash)
