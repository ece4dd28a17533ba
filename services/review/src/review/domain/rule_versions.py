"""Rule-set versions: the one in force on a day, and a standing-office edit as a new version."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from emutrack_kit.errors import Conflict, Unprocessable
from review.domain.history import label
from review.domain.rules import RuleSet, cited_files, parse_rule_set, rule_set_to_dict


def rule_set_for(award: str, on_date: date, rule_sets: Iterable[RuleSet]) -> RuleSet:
    """The version of the award's rules in force on the date (the highest version if several)."""
    in_force = [rs for rs in rule_sets if rs.award == award and rs.in_force_on(on_date)]
    if not in_force:
        raise Unprocessable(
            "NO_RULES_FOR_AWARD",
            f"Chưa có bộ quy tắc xét '{label(award)}' có hiệu lực ngày {on_date:%d/%m/%Y}; "
            "cơ quan thường trực cần nhập hoặc sửa ngày hiệu lực của bộ quy tắc.",
            field="award",
            details={"award": award, "on_date": on_date.isoformat()},
        )
    return max(in_force, key=lambda rs: rs.version)


_FIELDS = ("award_name", "legal_basis", "council_threshold", "public_comment_working_days", "old_rule_only")
_CHANGEABLE = frozenset({*_FIELDS, "notes", "rules", "rule_params"})


def revise(rule_set: RuleSet, changes: Mapping[str, Any], effective_from: date) -> tuple[RuleSet, RuleSet]:
    """(the old version closed the day before effective_from, the new version with the changes).

    `changes` holds JSON-shaped fields to replace (award_name, legal_basis, council_threshold,
    public_comment_working_days, old_rule_only, notes, rules) and/or `rule_params`:
    {rule_id: {param: value}} merged into existing rules. The new version keeps the old end date.
    """
    if effective_from <= rule_set.effective_from:
        raise Conflict(
            "REVISION_TOO_EARLY",
            f"Phiên bản mới phải có hiệu lực sau ngày {rule_set.effective_from:%d/%m/%Y} "
            f"(ngày {rule_set.label} bắt đầu hiệu lực).",
            field="effective_from",
        )
    if rule_set.effective_to is not None and effective_from > rule_set.effective_to:
        raise Conflict(
            "RULE_SET_VERSION_CLOSED",
            f"{rule_set.label} đã hết hiệu lực ngày {rule_set.effective_to:%d/%m/%Y}; "
            "hãy sửa phiên bản đang có hiệu lực.",
            field="effective_from",
        )
    unknown = sorted(set(changes) - _CHANGEABLE)
    if unknown:
        raise Unprocessable(
            "UNKNOWN_RULE_SET_CHANGE",
            f"Không sửa được {unknown}; chỉ sửa được: {', '.join(sorted(_CHANGEABLE))}.",
            field="changes",
        )
    raw = rule_set_to_dict(rule_set)
    raw.update({k: v for k, v in changes.items() if k != "rule_params"})
    by_id: dict[str, dict[str, Any]] = {}
    if isinstance(raw["rules"], list):  # copies, so the caller's `changes` are never mutated
        raw["rules"] = [dict(r) if isinstance(r, Mapping) else r for r in raw["rules"]]
        by_id = {str(r["id"]): r for r in raw["rules"] if isinstance(r, dict) and "id" in r}
    for rule_id, params in dict(changes.get("rule_params") or {}).items():
        if rule_id not in by_id or not isinstance(params, Mapping):
            raise Unprocessable(
                "UNKNOWN_RULE",
                f"{rule_set.label}: không sửa được tham số của quy tắc '{rule_id}' "
                f"(cần {{tham_số: giá trị}} của một trong các quy tắc: {', '.join(by_id)}).",
                field="rule_params",
                details={"rule_id": rule_id},
            )
        by_id[rule_id]["params"] = {**by_id[rule_id].get("params", {}), **params}
    raw.update(version=rule_set.version + 1, effective_from=effective_from.isoformat())
    new = parse_rule_set(raw)
    files = cited_files(new)
    if files:
        raise Unprocessable(
            "INVALID_LEGAL_BASIS",
            f"{new.label}: căn cứ phải là văn bản pháp lý (luật, nghị định, quyết định...), "
            f"không phải một tệp nội bộ; cần sửa: {', '.join(files)}.",
            field=files[0],
        )
    closed = replace(rule_set, effective_to=effective_from - timedelta(days=1))
    return closed, new


def check_versions(rule_sets: Iterable[RuleSet]) -> None:
    """Refuse two versions of one award in force on the same day (Conflict OVERLAPPING_RULE_SETS)."""
    by_award: dict[str, list[RuleSet]] = {}
    for rs in rule_sets:
        by_award.setdefault(rs.award, []).append(rs)
    for versions in by_award.values():
        versions.sort(key=lambda rs: rs.effective_from)
        for before, after in pairwise(versions):
            if before.effective_to is None or before.effective_to >= after.effective_from:
                raise Conflict(
                    "OVERLAPPING_RULE_SETS",
                    f"{before.label} và {after.label} cùng có hiệu lực từ {after.effective_from:%d/%m/%Y}; "
                    "cần đóng ngày hết hiệu lực của phiên bản cũ.",
                    field="effective_to",
                    details={"award": before.award},
                )
