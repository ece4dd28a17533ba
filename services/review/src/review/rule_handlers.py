"""Use cases of the award rule sets: anyone reads them; the city's standing office revises them."""

from __future__ import annotations

from datetime import date
from typing import Any

from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Conflict, Forbidden, NotFound
from review.adapters.rule_sets import ConcurrentRevision
from review.domain.rule_versions import check_versions, revise, rule_set_for
from review.domain.rules import rule_set_to_dict
from review.handlers import Deps


async def list_rule_sets(deps: Deps) -> list[dict[str, Any]]:
    """Every version of every award's rules, by award then version."""
    versions = sorted(await deps.rules.all(), key=lambda rs: (rs.award, rs.version))
    return [rule_set_to_dict(rs) for rs in versions]


async def award_rules(deps: Deps, award: str) -> list[dict[str, Any]]:
    """Every version of one award's rules, oldest first."""
    versions = await deps.rules.versions(award)
    if not versions:
        raise NotFound("UNKNOWN_AWARD", f"Chưa có bộ quy tắc cho hình thức '{award}'.", field="award")
    return [rule_set_to_dict(rs) for rs in versions]


async def _ensure_city_office(deps: Deps, principal: Principal) -> None:
    for binding in principal.bindings:
        if binding.role in (Role.STANDING_OFFICE, Role.ADMIN):
            unit = await deps.units.get(binding.unit_id)
            if unit is not None and unit["kind"] == "city":
                return
    raise Forbidden(
        "NOT_CITY_OFFICE",
        "Chỉ cơ quan thường trực Hội đồng TĐKT Thành phố mới sửa bộ quy tắc xét khen thưởng.",
        field="award",
    )


async def revise_rules(
    deps: Deps, principal: Principal, award: str, changes: dict[str, Any], effective_from: date
) -> dict[str, Any]:
    """A new version of the award's rules from a day on; the version in force then ends the day before."""
    await _ensure_city_office(deps, principal)
    versions = await deps.rules.versions(award)
    if not versions:
        raise NotFound("UNKNOWN_AWARD", f"Chưa có bộ quy tắc cho hình thức '{award}'.", field="award")
    current = rule_set_for(award, effective_from, versions)
    if current.version != max(v.version for v in versions):
        raise Conflict(
            "NOT_THE_LATEST_VERSION",
            f"Đã có phiên bản sau {current.label}; hãy sửa phiên bản mới nhất.",
            field="effective_from",
        )
    closed, new = revise(current, changes, effective_from)
    kept = [closed if v.version == current.version else v for v in versions]
    check_versions([*kept, new])
    try:
        await deps.rules.add_revision(kept, new, principal.subject)
    except ConcurrentRevision:
        raise Conflict(
            "CONCURRENT_CHANGE", "Bộ quy tắc vừa được sửa; hãy tải lại và thử lại.", field="award"
        ) from None
    await deps.chain.append_once(
        f"rules:{award}@{new.version}", {"rule_set": rule_set_to_dict(new), "by": principal.subject}
    )
    return rule_set_to_dict(new)
