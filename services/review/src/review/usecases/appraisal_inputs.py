"""What an appraisal reads and freezes: registration, decided history, the rule set in force, round quotas."""

from __future__ import annotations

from dataclasses import dataclass, field

from emutrack_kit.auth import Principal
from emutrack_kit.errors import AppError
from emutrack_kit.text import fold
from review.domain.appraisal import (
    Appraised,
    QuotaInputs,
    declared_history,
    ensure_appraisable,
    ensure_registered,
    frozen_appraisal,
    with_quotas,
)
from review.domain.eligibility import evaluate
from review.domain.nomination_parts import AppraisalRecord
from review.domain.nomination_record import NominationRecord
from review.domain.quotas import counted_codes
from review.domain.rule_versions import rule_set_for
from review.domain.rules import RuleSet
from review.usecases.context import Context


@dataclass
class RoundReads:
    """What appraising a whole round reads once: quota inputs by award, registered names by unit and year."""

    quotas: dict[str, QuotaInputs] = field(default_factory=dict)
    names: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)


async def appraisal_of(
    ctx: Context, principal: Principal, record: NominationRecord, reads: RoundReads | None = None
) -> AppraisalRecord:
    """The rules' answer on a received nomination, frozen with its inputs (`reads`: shared by a round)."""
    ensure_appraisable(record.status)
    ensure_registered(
        record.dossier_kind, await _registered(ctx, record, reads), record.subject_name, record.year
    )
    decided = await ctx.awards.of_subject(record.subject_key)
    linked = [i.submission_id for i in record.initiatives]
    recognised = await ctx.initiatives.recognised_for([record.subject_key], linked)
    history = declared_history(
        record.subject_key, record.subject_kind, record.prior_awards, decided, recognised
    )
    rule_set = await _rule_set(ctx, record)
    appraisal = evaluate(rule_set, history, record.year) if rule_set else None
    quota = None
    if rule_set is not None and appraisal is not None and appraisal.quota_rule_ids:
        quota = await _quota(ctx, record, rule_set, reads)
        appraisal = with_quotas(appraisal, rule_set, record.nomination_id, quota)
    appraised = Appraised(record.nomination_id, record.award_code, record.year)
    snapshot = frozen_appraisal(appraised, history, appraisal, rule_set.version if rule_set else 0, quota)
    return AppraisalRecord(
        verdict=snapshot.result["verdict"],
        rule_set=f"{rule_set.award}@{rule_set.version}" if rule_set else None,
        legal_basis=rule_set.cite(rule_set.legal_basis) if rule_set else None,
        results=tuple(snapshot.result["results"]),
        inputs=snapshot.inputs,
        method=snapshot.method,
        content_hash=snapshot.content_hash,
        by=principal.subject,
        at=ctx.clock(),
    )


async def _registered(ctx: Context, record: NominationRecord, reads: RoundReads | None) -> bool:
    if record.subject_kind == "collective":
        return await ctx.register.is_registered(
            record.subject_unit_id or record.proposing_unit_id, record.year
        )
    name = fold(record.subject_name)
    if reads is None:
        return await ctx.people.has_person(record.proposing_unit_id, record.year, name)
    key = (record.proposing_unit_id, record.year)
    if key not in reads.names:
        reads.names[key] = await ctx.people.names_of(*key)
    return name in reads.names[key]


async def _rule_set(ctx: Context, record: NominationRecord) -> RuleSet | None:
    """The award's rules in force the day the nomination arrived; None if the award has none (manual)."""
    try:
        versions = await ctx.rules.versions(record.award_code)
        return rule_set_for(record.award_code, record.received_at.date(), versions)
    except AppError as exc:
        if exc.code != "NO_RULES_FOR_AWARD":
            raise
        return None


async def _quota(
    ctx: Context, record: NominationRecord, rule_set: RuleSet, reads: RoundReads | None
) -> QuotaInputs:
    quota = reads.quotas.get(record.award_code) if reads is not None else None
    if quota is None:
        quota = await quota_inputs(ctx, record, rule_set, whole_round=reads is not None)
        await ctx.quota_snapshots.keep(quota.snapshot_id, quota.as_data())
        if reads is not None:
            reads.quotas[record.award_code] = quota
    return quota


async def quota_inputs(
    ctx: Context, record: NominationRecord, rule_set: RuleSet, *, whole_round: bool
) -> QuotaInputs:
    """The nominations competing for the award this year at this level, and who already holds what.

    For one nomination only its own unit's holders are read (a unit's share quota concerns it
    alone); for the whole round, every competing unit's.
    """
    competing = tuple(await ctx.nominations.competing(record.level_unit_id, record.award_code, record.year))
    unit_codes, city_wide = counted_codes(rule_set)
    units = {n.unit_id for n in competing} if whole_round else {record.quota_unit_id}
    holders = {unit: await ctx.awards.holders(unit, record.year, unit_codes) for unit in units}
    if city_wide:
        holders["*"] = await ctx.awards.holders("*", record.year, [rule_set.award])
    return QuotaInputs(competing, holders)
