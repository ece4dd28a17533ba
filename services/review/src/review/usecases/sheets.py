"""Score sheets and the head's adjustments: each checked, chained into review's log, kept on the cluster."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict, NotFound
from review.domain.cluster_record import ClusterRecord, sheet_key
from review.domain.scoring import SheetDraft, new_adjustment, new_sheet
from review.usecases.cluster_access import authorize_head, authorize_scorer
from review.usecases.cluster_views import save_cluster
from review.usecases.context import Context


async def submit_sheet(
    ctx: Context, principal: Principal, cluster_id: str, draft: SheetDraft
) -> ClusterRecord:
    """A member's officer or head fills a sheet: its self-assessment, or an assigned cross-inspection."""
    record = await authorize_scorer(ctx, principal, cluster_id, draft.scorer_id)
    if record.results is not None:
        raise Conflict(
            "RANKING_PUBLISHED", "Kết quả đã công bố; không nhận thêm phiếu chấm.", field="cluster_id"
        )
    assigned = set(record.assignment.pairs) if record.assignment else set()
    sheet = new_sheet(record.checked_criteria(), draft, assigned=assigned)
    await ctx.chain.append_once(
        f"sheet:{uuid.uuid4()}", {"cluster_id": cluster_id, "sheet": asdict(sheet), "by": principal.subject}
    )
    sheets = {**record.sheets, sheet_key(sheet): sheet}
    return await save_cluster(ctx, replace(record, sheets=sheets), "sheets")


@dataclass(frozen=True)
class Adjustment:
    """The head's adjustment of a member's result, with its reason."""

    cluster_id: str
    unit_id: str
    delta: float
    reason: str
    idempotency_key: str | None = None


async def adjust(ctx: Context, principal: Principal, command: Adjustment) -> ClusterRecord:
    """The head adjusts a member's result, with a reason that is kept and chained (once per key)."""
    record = await authorize_head(ctx, principal, command.cluster_id)
    if command.unit_id not in record.cluster.member_ids:
        raise NotFound("NOT_A_MEMBER", "Đơn vị không thuộc cụm.", field="unit_id")
    adjustment = new_adjustment(command.unit_id, command.delta, command.reason, record.cluster.head_id)
    key = command.idempotency_key or str(uuid.uuid4())
    logged = await ctx.chain.append_once(
        f"adjustment:{command.cluster_id}:{principal.subject}:{key}",
        {"cluster_id": command.cluster_id, "adjustment": asdict(adjustment), "by": principal.subject},
    )
    if not logged:  # a retry of an adjustment already made (the same Idempotency-Key): nothing new
        return record
    adjustments = (*record.adjustments, adjustment)
    return await save_cluster(ctx, replace(record, adjustments=adjustments), "adjustments")
