"""Forwarding a passed nomination to the parent level, or an export package for a central award.

An award outside the level's authority goes up once the level's council passed it. Central awards
(Thủ tướng, Chủ tịch nước) leave the system as an export package instead. The tree is data: the
caller names the parent level, so ward → district → city and ward → city both work.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

from emutrack_kit.errors import Conflict, Forbidden, Unprocessable
from review.domain.ballots import threshold_for
from review.domain.decisions import (
    DEFAULT_RULES,
    Authority,
    DecisionRules,
    Level,
    authority_for,
    ensure_passed,
)
from review.domain.history import label
from review.domain.integrity import content_hash
from review.domain.nominations import nomination_id
from review.domain.sessions import AppraisalSummary, Endorsement, ItemResult, Nomination

LEVEL_RANK: dict[str, int] = {"ward": 0, "district": 1, "city": 2, "central": 3}


@dataclass(frozen=True)
class ExportItem:
    """One part of an export package: what it is and where the system holds it."""

    kind: str
    description: str
    ref: str


@dataclass(frozen=True)
class ExportPackage:
    """What the city sends to the central level for an award it cannot decide, and its manifest hash."""

    nomination_id: str
    award_code: str
    addressed_to: str
    from_unit_id: str
    prepared_on: date
    subject_name: str
    items: tuple[ExportItem, ...]
    manifest_hash: str

    def public(self) -> dict[str, object]:
        """As stored and shown (the day prepared as an ISO date)."""
        return {**asdict(self), "prepared_on": self.prepared_on.isoformat()}


@dataclass(frozen=True)
class Forwarding:
    """Where a nomination goes up: from its level to the parent level, on a day."""

    current_level: Level
    parent_level: Level
    on: date


def forward(
    nomination: Nomination,
    appraisal: AppraisalSummary,
    result: ItemResult,
    route: Forwarding,
    rules: DecisionRules = DEFAULT_RULES,
) -> Nomination | ExportPackage:
    """Send a passed nomination up: a new nomination at the parent, or an export package for central."""
    current_level, parent_level, on = route.current_level, route.parent_level, route.on
    authority = authority_for(nomination.award_code, rules)
    if nomination.level_unit_id != current_level.unit_id:
        raise Forbidden("NOT_FOR_THIS_LEVEL", f"Hồ sơ không ở {current_level.name}.", field="nomination_id")
    if LEVEL_RANK[parent_level.kind] <= LEVEL_RANK[current_level.kind]:
        raise Unprocessable(
            "NOT_A_PARENT_LEVEL",
            f"{parent_level.name} không phải cấp trên của {current_level.name}.",
            field="parent_level",
        )
    if current_level.kind in authority.levels:
        raise Conflict(
            "DECIDED_AT_THIS_LEVEL",
            f"'{label(nomination.award_code)}' thuộc thẩm quyền của {current_level.name}: "
            "ra quyết định tại cấp này, không trình lên.",
            field="award_code",
        )
    if not any(LEVEL_RANK[k] >= LEVEL_RANK[parent_level.kind] for k in authority.levels):
        raise Forbidden(
            "OUTSIDE_AUTHORITY",
            f"Không cấp nào từ {parent_level.name} trở lên quyết định '{label(nomination.award_code)}'.",
            field="parent_level",
        )
    if appraisal.nomination_id != nomination.nomination_id or appraisal.verdict != "eligible":
        raise Conflict("NOT_APPRAISED", "Hồ sơ chưa được thẩm định đủ điều kiện.", field="appraisal")
    # The last council before central votes by the award's own threshold (e.g. ≥ 90% for CSTĐ toàn quốc).
    central = parent_level.kind == "central"
    required = threshold_for(nomination.award_code, rules.thresholds) if central else None
    ensure_passed(nomination, result, required)
    endorsements = (
        *nomination.endorsements,
        Endorsement(current_level.unit_id, nomination.nomination_id, appraisal, result),
    )
    if not central:
        return replace(
            nomination,
            nomination_id=nomination_id(nomination.dossier_ref, parent_level.unit_id),
            proposing_unit_id=current_level.unit_id,
            level_unit_id=parent_level.unit_id,
            endorsements=endorsements,
        )
    return _export(nomination, authority, current_level, on, endorsements)


def _export(
    n: Nomination, authority: Authority, level: Level, on: date, endorsements: tuple[Endorsement, ...]
) -> ExportPackage:
    items = [
        ExportItem(
            "submission",
            f"Tờ trình của {level.name} đề nghị {authority.decider} tặng '{label(n.award_code)}'",
            n.nomination_id,
        ),
        ExportItem(
            "dossier",
            "Hồ sơ gốc: báo cáo thành tích, biên bản họp cấp cơ sở, tài liệu kèm theo",
            n.dossier_ref,
        ),
    ]
    for e in endorsements:
        items.append(
            ExportItem(
                "appraisal",
                f"Kết quả thẩm định tại {e.level_unit_id} "
                f"(bộ quy tắc phiên bản {e.appraisal.rule_set_version})",
                e.appraisal.snapshot_hash,
            )
        )
        items.append(
            ExportItem(
                "council_tally",
                f"Kết quả bỏ phiếu kín tại {e.level_unit_id}: {e.result.tally.explain(e.result.rule)}",
                e.result.tally.ballot_id,
            )
        )
    manifest = {"nomination_id": n.nomination_id, "award_code": n.award_code, "items": items}
    return ExportPackage(
        n.nomination_id,
        n.award_code,
        authority.decider,
        level.unit_id,
        on,
        n.subject_name,
        tuple(items),
        content_hash(manifest),
    )
