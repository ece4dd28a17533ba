"""The award rule sets: anyone reads them; the city's standing office revises them from a day on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict, NotFound
from emutrack_kit.unit_of_work import Duplicate
from review.domain.rule_versions import check_versions, revise, rule_set_for
from review.domain.rules import RuleSet, rule_set_to_dict
from review.usecases.access import ensure_city_office
from review.usecases.context import Context


async def list_rule_sets(ctx: Context) -> list[RuleSet]:
    """Every version of every award's rules, by award then version."""
    return sorted(await ctx.rules.all(), key=lambda rs: (rs.award, rs.version))


async def award_rules(ctx: Context, award: str) -> list[RuleSet]:
    """Every version of one award's rules, oldest first."""
    versions = await ctx.rules.versions(award)
    if not versions:
        raise NotFound("UNKNOWN_AWARD", f"Chưa có bộ quy tắc cho hình thức '{award}'.", field="award")
    return versions


@dataclass(frozen=True)
class Revision:
    """What changes in an award's rules from a day on: whole fields of its JSON shape, or rule parameters."""

    award: str
    effective_from: date
    changes: Mapping[str, Any]  # the rule set's own JSON shape (rule_set_to_dict): free-form by design


async def revise_rules(ctx: Context, principal: Principal, revision: Revision) -> RuleSet:
    """A new version of the award's rules from a day on; the version in force then ends the day before."""
    await ensure_city_office(ctx, principal)
    versions = await award_rules(ctx, revision.award)
    current = rule_set_for(revision.award, revision.effective_from, versions)
    if current.version != max(v.version for v in versions):
        raise Conflict(
            "NOT_THE_LATEST_VERSION",
            f"Đã có phiên bản sau {current.label}; hãy sửa phiên bản mới nhất.",
            field="effective_from",
        )
    closed, new = revise(current, revision.changes, revision.effective_from)
    kept = [closed if v.version == current.version else v for v in versions]
    check_versions([*kept, new])
    try:
        await ctx.rules.add_revision(kept, new, principal.subject)
    except Duplicate:
        raise Conflict(
            "CONCURRENT_CHANGE", "Bộ quy tắc vừa được sửa; hãy tải lại và thử lại.", field="award"
        ) from None
    await ctx.chain.append_once(
        f"rules:{revision.award}@{new.version}", {"rule_set": rule_set_to_dict(new), "by": principal.subject}
    )
    return new
