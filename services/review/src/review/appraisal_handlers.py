"""Use cases of appraisal: the standing office runs the rules on a nomination, then accepts it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emutrack_kit.auth import Principal
from emutrack_kit.errors import AppError, Conflict, Unprocessable
from emutrack_kit.text import fold, nfc
from review.domain.appraisal import (
    QuotaInputs,
    declared_history,
    ensure_appraisable,
    ensure_registered,
    frozen_appraisal,
    with_quotas,
)
from review.domain.eligibility import evaluate
from review.domain.quotas import RoundNomination, counted_codes
from review.domain.rule_versions import rule_set_for
from review.domain.rules import RuleSet
from review.handlers import Deps, unit_path
from review.nomination_handlers import (
    ensure_level_office,
    get_nomination,
    quota_unit_of,
    status_event,
    subject_key_of,
)

MIN_OVERRIDE_REASON = 10


def _ensure_office(principal: Principal, doc: dict[str, Any]) -> None:
    ensure_level_office(principal, doc, "thẩm định hồ sơ này")


@dataclass
class RoundReads:
    """What appraising a whole round reads once: quota inputs by award, registered names by unit."""

    quotas: dict[str, QuotaInputs] = field(default_factory=dict)
    names: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)


async def _registered(deps: Deps, doc: dict[str, Any], reads: RoundReads | None) -> bool:
    if doc["subject_kind"] == "collective":
        return await deps.register.is_registered(
            doc["subject_unit_id"] or doc["proposing_unit_id"], doc["year"]
        )
    if reads is None:
        return await deps.people.has_person(doc["proposing_unit_id"], doc["year"], fold(doc["subject_name"]))
    key = (doc["proposing_unit_id"], doc["year"])
    if key not in reads.names:
        reads.names[key] = await deps.people.names_of(*key)
    return fold(doc["subject_name"]) in reads.names[key]


async def _quota_inputs(deps: Deps, doc: dict[str, Any], rule_set: RuleSet, whole_round: bool) -> QuotaInputs:
    """The nominations competing for the award this year at this level, and who already holds what.

    For one nomination only its own unit's holders are read (a unit's share quota concerns it
    alone); for the whole round, every competing unit's.
    """
    competing = tuple(
        RoundNomination(
            c["_id"], subject_key_of(c), quota_unit_of(c), c["award_code"], c["year"], c["received_at"]
        )
        for c in await deps.nominations.competing(doc["level_unit_id"], doc["award_code"], doc["year"])
    )
    unit_codes, city_wide = counted_codes(rule_set)
    units = {n.unit_id for n in competing} if whole_round else {quota_unit_of(doc)}
    holders = {unit: await deps.awards.holders(unit, doc["year"], unit_codes) for unit in units}
    if city_wide:
        holders["*"] = await deps.awards.holders("*", doc["year"], [rule_set.award])
    return QuotaInputs(competing, holders)


async def _appraisal_record(
    deps: Deps, principal: Principal, doc: dict[str, Any], reads: RoundReads | None
) -> dict[str, Any]:
    """The rules' answer on a received nomination, frozen (`reads`: shared by a whole round)."""
    ensure_appraisable(doc["status"])
    registered = await _registered(deps, doc, reads)
    ensure_registered(doc["dossier_kind"], registered, doc["subject_name"], doc["year"])
    key = subject_key_of(doc)
    decided = await deps.awards.of_subject(key)
    history = declared_history(key, doc["subject_kind"], doc.get("prior_awards", []), decided)
    try:
        versions = await deps.rules.versions(doc["award_code"])
        rule_set = rule_set_for(doc["award_code"], doc["received_at"].date(), versions)
    except AppError as exc:
        if exc.code != "NO_RULES_FOR_AWARD":
            raise
        rule_set = None
    appraisal = evaluate(rule_set, history, doc["year"]) if rule_set else None
    quota = None
    if rule_set is not None and appraisal is not None and appraisal.quota_rule_ids:
        quota = reads.quotas.get(doc["award_code"]) if reads is not None else None
        if quota is None:
            quota = await _quota_inputs(deps, doc, rule_set, whole_round=reads is not None)
            await deps.quota_snapshots.keep(quota.snapshot_id, quota.as_data())
            if reads is not None:
                reads.quotas[doc["award_code"]] = quota
        appraisal = with_quotas(appraisal, rule_set, doc["_id"], quota)
    snapshot = frozen_appraisal(doc, history, appraisal, rule_set.version if rule_set else 0, quota)
    return {
        "verdict": snapshot.result["verdict"],
        "rule_set": f"{rule_set.award}@{rule_set.version}" if rule_set else None,
        "legal_basis": rule_set.cite(rule_set.legal_basis) if rule_set else None,
        "results": snapshot.result["results"],
        "inputs": snapshot.inputs,
        "method": snapshot.method,
        "content_hash": snapshot.content_hash,
        "by": principal.subject,
        "at": deps.clock(),
    }


async def appraise(deps: Deps, principal: Principal, identifier: str) -> dict[str, Any]:
    """Check a received nomination against its award's rules; the result is frozen and explained."""
    doc = await get_nomination(deps, principal, identifier)
    _ensure_office(principal, doc)
    record = await _appraisal_record(deps, principal, doc, None)
    if not await deps.nominations.record_appraisal(identifier, record):
        ensure_appraisable("moved on")
    return await get_nomination(deps, principal, identifier)


async def authorize_round(deps: Deps, principal: Principal, level_unit_id: str) -> None:
    """The caller is the level's own standing office (or an admin covering the level)."""
    _ensure_office(
        principal, {"level_unit_id": level_unit_id, "level_path": await unit_path(deps, level_unit_id)}
    )


async def appraise_round(
    deps: Deps, principal: Principal, level_unit_id: str, year: int, award_code: str | None
) -> dict[str, Any]:
    """Appraise every received nomination of a level and year (one award, or all) in one pass.

    Each is appraised exactly as on its own; the competing nominations of a quota are read once per
    award. A nomination the rules refuse (not registered, wrong kind of subject) is listed, not fatal.
    """
    await authorize_round(deps, principal, level_unit_id)
    docs = await deps.nominations.received_at(level_unit_id, year, award_code)
    reads = RoundReads()
    verdicts: dict[str, int] = {}
    refused: list[dict[str, str]] = []
    for doc in docs:
        try:
            record = await _appraisal_record(deps, principal, doc, reads)
        except AppError as exc:
            refused.append({"nomination_id": doc["_id"], "code": exc.code, "message": exc.message})
            continue
        if await deps.nominations.record_appraisal(doc["_id"], record):
            verdicts[record["verdict"]] = verdicts.get(record["verdict"], 0) + 1
    return {
        "level_unit_id": level_unit_id,
        "year": year,
        "award_code": award_code,
        "appraised": sum(verdicts.values()),
        "verdicts": verdicts,
        "refused": refused,
    }


async def accept(
    deps: Deps, principal: Principal, identifier: str, override_reason: str | None
) -> dict[str, Any]:
    """Accept an appraised nomination for the council; an incomplete appraisal needs a stated reason."""
    doc = await get_nomination(deps, principal, identifier)
    _ensure_office(principal, doc)
    ensure_appraisable(doc["status"])
    appraisal = doc.get("appraisal")
    if appraisal is None:
        raise Conflict("NOT_APPRAISED", "Hãy thẩm định hồ sơ trước khi chấp nhận.", field="nomination_id")
    if appraisal["verdict"] == "not_eligible":
        raise Conflict(
            "NOT_ELIGIBLE",
            "Hồ sơ không đạt điều kiện theo kết quả thẩm định; hãy trả lại hồ sơ với lý do.",
            field="nomination_id",
        )
    reason = nfc(override_reason) if override_reason else None
    if appraisal["verdict"] == "incomplete" and (reason is None or len(reason) < MIN_OVERRIDE_REASON):
        raise Unprocessable(
            "REASON_REQUIRED",
            "Kết quả thẩm định còn điều kiện chưa xác định được; cần ghi rõ căn cứ để chấp nhận.",
            field="override_reason",
        )
    now = deps.clock()
    history = {
        "status": "appraised",
        "at": now,
        "by": principal.subject,
        "reasons": [reason] if reason else [],
    }
    event = status_event(
        doc, "appraised", principal.subject, now, [reason] if reason else [], appraisal["content_hash"]
    )
    if not await deps.nominations.change_status(identifier, "received", "appraised", history, event):
        raise Conflict("CONCURRENT_CHANGE", "Hồ sơ vừa được thay đổi; hãy tải lại và thử lại.")
    return await get_nomination(deps, principal, identifier)
