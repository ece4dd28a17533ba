"""Recomputing a frozen appraisal from its stored inputs, to show the published result still holds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime
from typing import Any

from review.domain.appraisal import METHOD, QuotaInputs, with_quotas
from review.domain.eligibility import evaluate
from review.domain.history import AwardRecord, InitiativeRecord, SubjectHistory
from review.domain.integrity import Snapshot, canonical_json, content_hash
from review.domain.quotas import RoundNomination
from review.domain.rules import RuleSet


def history_from_inputs(raw: Mapping[str, Any]) -> SubjectHistory:
    """The subject's history exactly as the appraisal froze it."""
    return SubjectHistory(
        subject_key=raw["subject_key"],
        kind=raw["kind"],
        titles_by_year={int(y): frozenset(codes) for y, codes in raw["titles_by_year"].items()},
        awards=tuple(AwardRecord(**a) for a in raw["awards"]),
        initiatives=tuple(InitiativeRecord(**i) for i in raw["initiatives"]),
        initiatives_known=raw["initiatives_known"],
    )


def quota_from_inputs(raw: Mapping[str, Any]) -> QuotaInputs:
    """The competing nominations and holders exactly as the appraisal froze them."""
    competing = tuple(
        RoundNomination(**{**n, "submitted_at": datetime.fromisoformat(n["submitted_at"])})
        for n in raw["competing"]
    )
    return QuotaInputs(competing, {unit: dict(codes) for unit, codes in raw["holders"].items()})


def recompute_appraisal(
    inputs: Mapping[str, Any], rule_set: RuleSet | None, quota: QuotaInputs | None
) -> dict[str, Any]:
    """The result the rules give today on the frozen inputs (verdict and every rule's answer)."""
    if rule_set is None:
        return {"verdict": "manual", "results": []}
    appraisal = evaluate(rule_set, history_from_inputs(inputs["history"]), inputs["year"])
    if quota is not None:
        appraisal = with_quotas(appraisal, rule_set, inputs["nomination_id"], quota)
    return {"verdict": appraisal.verdict, "results": [asdict(r) for r in appraisal.results]}


def check_appraisal(
    stored: Mapping[str, Any], rule_set: RuleSet | None, quota_data: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Whether a stored appraisal still hashes to its hash, and recomputing it gives the same result.

    `quota_data`: the quota snapshot the appraisal refers to (it must still hash to its id).
    """
    version = rule_set.version if rule_set else 0
    result = {"verdict": stored["verdict"], "results": stored["results"]}
    snapshot = Snapshot("appraisal", stored["inputs"], METHOD, version, result, stored["content_hash"])
    intact = content_hash(snapshot.body()) == stored["content_hash"]
    quota = None
    if "quota" in stored["inputs"]:
        referred = stored["inputs"]["quota"]["snapshot"]
        intact = intact and quota_data is not None and content_hash(quota_data) == referred
        quota = quota_from_inputs(quota_data) if quota_data is not None else None
    recomputed = recompute_appraisal(stored["inputs"], rule_set, quota) if intact else None
    return {
        "content_hash": stored["content_hash"],
        "intact": intact,
        "recomputed_matches": intact and canonical_json(recomputed) == canonical_json(result),
    }
