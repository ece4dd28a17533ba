"""Use cases of emulation clusters: members, criteria, cross-inspection, score sheets, ranking.

The level's standing office sets a cluster up; its head (a `cluster_head` bound to the head unit)
edits the criteria, draws the cross-inspection, adjusts with reasons and publishes the ranking;
each member's officer or head fills its sheets. Every sheet and adjustment is chained into review's
tamper-evident log; the published ranking is frozen with a content hash.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from emutrack_contracts import Envelope
from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Conflict, Forbidden, NotFound
from review.adapters.clusters import DuplicateCluster
from review.domain.clusters import Cluster, ConflictOfInterest, new_cluster
from review.domain.criteria import CriteriaSet, Criterion, Item, Section, copy_for_year, new_criteria_set
from review.domain.inspections import assign_for_cluster
from review.domain.scoring import Mark, SheetKind, new_adjustment, new_sheet
from review.handlers import Deps

SCORERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD)


def bound_to(principal: Principal, unit_id: str, roles: tuple[Role, ...]) -> bool:
    return any(b.unit_id == unit_id and b.role in roles for b in principal.bindings)


def ensure_allowed(allowed: bool, who: str) -> None:
    if not allowed:
        raise Forbidden("NOT_CLUSTER_ROLE", f"Chỉ {who} mới được thực hiện thao tác này.", field="cluster_id")


def _cluster(doc: dict[str, Any]) -> Cluster:
    conflicts = [
        ConflictOfInterest(c["first_id"], c["second_id"], c.get("reason", "")) for c in doc["conflicts"]
    ]
    return Cluster(
        doc["_id"], doc["name"], doc["level_unit_id"], doc["year"], tuple(doc["member_ids"]), doc["head_id"],
        doc["deputy_id"], doc.get("charter_ref"), doc.get("covenant_ref"), tuple(conflicts),
    )  # fmt: skip


def criteria_from(raw: dict[str, Any], cluster_id: str, year: int, version: int) -> CriteriaSet:
    """A criteria set from its stored (or posted) shape, validated."""
    sections = tuple(
        Section(s["section_id"], s["title"], tuple(Criterion(**c) for c in s["criteria"]))
        for s in raw["sections"]
    )
    return new_criteria_set(
        set_id=f"{cluster_id}-tieu-chi",
        cluster_id=cluster_id,
        year=year,
        sections=sections,
        bonus_items=tuple(Item(**i) for i in raw.get("bonus_items", [])),
        penalty_items=tuple(Item(**i) for i in raw.get("penalty_items", [])),
        declared_total=raw.get("declared_total"),
        version=version,
    )


def _criteria_doc(criteria: CriteriaSet) -> dict[str, Any]:
    return {
        k: v
        for k, v in asdict(criteria).items()
        if k in ("version", "sections", "bonus_items", "penalty_items", "declared_total")
    }


async def load_cluster(deps: Deps, cluster_id: str) -> dict[str, Any]:
    doc = await deps.clusters.get(cluster_id)
    if doc is None:
        raise NotFound("UNKNOWN_CLUSTER", f"Không tìm thấy cụm thi đua '{cluster_id}'.", field="cluster_id")
    return doc


async def save_cluster(
    deps: Deps, doc: dict[str, Any], fields: dict[str, Any], events: Sequence[Envelope] = ()
) -> dict[str, Any]:
    if not await deps.clusters.save(doc["_id"], doc["version"], fields, events):
        raise Conflict("CONCURRENT_CHANGE", "Cụm thi đua vừa được thay đổi; hãy tải lại và thử lại.")
    return await load_cluster(deps, doc["_id"])


async def authorize_setup(_: Deps, principal: Principal, level: str) -> None:
    """The caller is the standing office (or an admin bound to it) of the level organising clusters."""
    ensure_allowed(
        bound_to(principal, level, (Role.STANDING_OFFICE, Role.ADMIN)),
        "cơ quan thường trực của cấp tổ chức cụm",
    )


async def create(deps: Deps, principal: Principal, draft: dict[str, Any]) -> dict[str, Any]:
    """The level's standing office sets up a cluster for a year."""
    level = draft["level_unit_id"]
    await authorize_setup(deps, principal, level)
    conflicts = [ConflictOfInterest(**c) for c in draft.get("conflicts", [])]
    cluster = new_cluster(
        cluster_id=f"cum-{uuid.uuid4().hex[:12]}",
        name=draft["name"],
        level_unit_id=level,
        year=draft["year"],
        member_ids=draft["member_ids"],
        head_id=draft["head_id"],
        deputy_id=draft["deputy_id"],
        conflicts=conflicts,
    )
    doc = {
        "_id": cluster.cluster_id, "name": cluster.name, "level_unit_id": level, "year": cluster.year,
        "member_ids": list(cluster.member_ids), "head_id": cluster.head_id, "deputy_id": cluster.deputy_id,
        "conflicts": [asdict(c) for c in conflicts], "criteria": None, "assignment": None,
        "sheets": {}, "adjustments": [], "results": None,
    }  # fmt: skip
    try:
        await deps.clusters.add(doc)
    except DuplicateCluster:
        raise Conflict("CLUSTER_EXISTS", "Cụm thi đua đã tồn tại.", field="cluster_id") from None
    return await load_cluster(deps, cluster.cluster_id)


def _head_or_office(principal: Principal, doc: dict[str, Any]) -> bool:
    head = bound_to(principal, doc["head_id"], (Role.CLUSTER_HEAD,))
    return head or bound_to(principal, doc["level_unit_id"], (Role.STANDING_OFFICE, Role.ADMIN))


async def authorize_editor(deps: Deps, principal: Principal, cluster_id: str) -> dict[str, Any]:
    """The cluster, once the caller is its head or its level's standing office (or admin)."""
    doc = await load_cluster(deps, cluster_id)
    ensure_allowed(_head_or_office(principal, doc), "Cụm trưởng hoặc cơ quan thường trực")
    return doc


async def set_criteria(
    deps: Deps, principal: Principal, cluster_id: str, raw: dict[str, Any]
) -> dict[str, Any]:
    """The head (or the office) sets the criteria set: a new version each time."""
    doc = await authorize_editor(deps, principal, cluster_id)
    if doc["sheets"]:
        raise Conflict(
            "SCORING_STARTED", "Đã có phiếu chấm; không sửa bộ tiêu chí giữa chừng.", field="criteria"
        )
    version = (doc["criteria"] or {}).get("version", 0) + 1
    return await save_cluster(
        deps, doc, {"criteria": _criteria_doc(criteria_from(raw, cluster_id, doc["year"], version))}
    )


async def copy_criteria(
    deps: Deps, principal: Principal, cluster_id: str, from_cluster_id: str
) -> dict[str, Any]:
    """Start this year's criteria from last year's cluster (version 1), to edit afterwards."""
    doc, source = await load_cluster(deps, cluster_id), await load_cluster(deps, from_cluster_id)
    ensure_allowed(_head_or_office(principal, doc), "Cụm trưởng hoặc cơ quan thường trực")
    if source["criteria"] is None:
        raise Conflict("NO_CRITERIA", "Cụm nguồn chưa có bộ tiêu chí.", field="from_cluster_id")
    previous = criteria_from(
        source["criteria"], from_cluster_id, source["year"], source["criteria"]["version"]
    )
    copied = copy_for_year(previous, doc["year"], set_id=f"{cluster_id}-tieu-chi")
    return await save_cluster(deps, doc, {"criteria": _criteria_doc(copied)})


async def draw_inspections(
    deps: Deps, principal: Principal, cluster_id: str, k: int, seed: str
) -> dict[str, Any]:
    """The head draws the cross-inspection: k peers per member, never itself, conflicts honoured."""
    doc = await authorize_head(deps, principal, cluster_id)
    if doc["sheets"]:
        raise Conflict("SCORING_STARTED", "Đã có phiếu chấm; không phân công lại.", field="assignment")
    assignment = assign_for_cluster(_cluster(doc), k, seed=seed)
    pairs = [{"inspector": a, "inspected": b} for a, b in assignment.pairs]  # no nested arrays (FerretDB)
    stored = {"k": assignment.k, "seed": str(assignment.seed), "pairs": pairs}
    return await save_cluster(deps, doc, {"assignment": stored})


def criteria_of(doc: dict[str, Any]) -> CriteriaSet:
    if doc["criteria"] is None:
        raise Conflict("NO_CRITERIA", "Cụm chưa có bộ tiêu chí chấm điểm.", field="criteria")
    return criteria_from(doc["criteria"], doc["_id"], doc["year"], doc["criteria"]["version"])


def _marks(raw: list[dict[str, Any]]) -> list[Mark]:
    return [Mark(m["ref_id"], m["points"], m.get("comment", "")) for m in raw]


async def authorize_scorer(
    deps: Deps, principal: Principal, cluster_id: str, scorer_id: str
) -> dict[str, Any]:
    """The cluster, once the caller is the officer or head of the scoring member."""
    doc = await load_cluster(deps, cluster_id)
    ensure_allowed(
        bound_to(principal, scorer_id, SCORERS) and scorer_id in doc["member_ids"],
        "cán bộ, thủ trưởng đơn vị chấm",
    )
    return doc


async def authorize_head(deps: Deps, principal: Principal, cluster_id: str) -> dict[str, Any]:
    """The cluster, once the caller is its head (a `cluster_head` bound to the head unit)."""
    doc = await load_cluster(deps, cluster_id)
    ensure_allowed(bound_to(principal, doc["head_id"], (Role.CLUSTER_HEAD,)), "Cụm trưởng")
    return doc


async def submit_sheet(
    deps: Deps,
    principal: Principal,
    cluster_id: str,
    scorer_id: str,
    scored_id: str,
    kind: SheetKind,
    raw: dict[str, Any],
) -> dict[str, Any]:
    """A member's officer or head fills a sheet: its self-assessment, or an assigned cross-inspection."""
    doc = await authorize_scorer(deps, principal, cluster_id, scorer_id)
    if doc["results"] is not None:
        raise Conflict(
            "RANKING_PUBLISHED", "Kết quả đã công bố; không nhận thêm phiếu chấm.", field="cluster_id"
        )
    assigned = {(p["inspector"], p["inspected"]) for p in (doc["assignment"] or {}).get("pairs", [])}
    sheet = new_sheet(
        criteria_of(doc), kind=kind, scorer_id=scorer_id, scored_id=scored_id,
        marks=_marks(raw["marks"]), bonuses=_marks(raw.get("bonuses", [])),
        penalties=_marks(raw.get("penalties", [])), assigned=assigned,
    )  # fmt: skip
    stored = asdict(sheet)
    await deps.chain.append_once(
        f"sheet:{uuid.uuid4()}", {"cluster_id": cluster_id, "sheet": stored, "by": principal.subject}
    )
    return await save_cluster(deps, doc, {f"sheets.{kind}|{scorer_id}|{scored_id}": stored})


async def adjust(
    deps: Deps, principal: Principal, cluster_id: str, unit_id: str, delta: float, reason: str
) -> dict[str, Any]:
    """The head adjusts a member's result, with a reason that is kept and chained."""
    doc = await authorize_head(deps, principal, cluster_id)
    if unit_id not in doc["member_ids"]:
        raise NotFound("NOT_A_MEMBER", "Đơn vị không thuộc cụm.", field="unit_id")
    adjustment = asdict(new_adjustment(unit_id, delta, reason, doc["head_id"]))
    await deps.chain.append_once(
        f"adjustment:{uuid.uuid4()}",
        {"cluster_id": cluster_id, "adjustment": adjustment, "by": principal.subject},
    )
    return await save_cluster(deps, doc, {"adjustments": [*doc["adjustments"], adjustment]})


async def get_cluster(deps: Deps, principal: Principal, cluster_id: str) -> dict[str, Any]:
    """A cluster for its members, its level's office and council, and viewers of the level."""
    doc = await load_cluster(deps, cluster_id)
    member = any(bound_to(principal, m, tuple(Role)) for m in doc["member_ids"])
    level = bound_to(
        principal,
        doc["level_unit_id"],
        (Role.STANDING_OFFICE, Role.ADMIN, Role.VIEWER, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR),
    )
    ensure_allowed(member or level, "thành viên cụm hoặc cấp tổ chức cụm")
    return doc
