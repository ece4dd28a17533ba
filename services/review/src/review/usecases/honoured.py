"""A unit its cluster honoured arrives as a nomination at the cluster's level, with its score as evidence."""

from __future__ import annotations

import contextlib

from emutrack_kit.errors import Unprocessable
from emutrack_kit.unit_of_work import Duplicate, UnitOfWork
from review.domain.cluster_record import ClusterRecord
from review.domain.history import label
from review.domain.nomination_parts import ClusterEvidence
from review.domain.nomination_record import NominationRecord, Step
from review.domain.nominations import nomination_id
from review.usecases.context import Context
from review.usecases.nomination_views import status_event
from review.usecases.tree import path_on


async def nominate(ctx: Context, record: ClusterRecord, unit_id: str, award_code: str, actor: str) -> None:
    """The honoured unit's nomination at the cluster's level (once: a retry finds it there)."""
    cluster, results = record.cluster, record.results
    tree, day = await ctx.tree.tree(), ctx.today()
    unit, level, head = (tree.get(u) for u in (unit_id, cluster.level_unit_id, cluster.head_id))
    if unit is None or level is None or head is None or results is None:
        raise Unprocessable(
            "UNKNOWN_LEVEL", "Chưa biết vị trí của đơn vị trong cây tổ chức.", field="unit_id"
        )
    score, now = results.row(unit_id), ctx.clock()
    dossier = f"{cluster.cluster_id}:{unit_id}"
    summary = (
        f"Được {cluster.name} suy tôn dẫn đầu năm {cluster.year}; điểm chấm chéo {score['final']}, "
        f"xếp thứ {score['rank']} (mã kết quả {results.content_hash[:12]})."
    )
    honoured = NominationRecord(
        nomination_id=nomination_id(dossier, cluster.level_unit_id), dossier_id=dossier,
        round_id=f"cluster:{cluster.cluster_id}", year=cluster.year, proposing_unit_id=cluster.head_id,
        proposing_unit_name=f"{cluster.name} (Cụm trưởng: {head.name})",
        unit_path=path_on(tree, unit_id, day),
        level_unit_id=cluster.level_unit_id, level_path=path_on(tree, cluster.level_unit_id, day),
        subject_kind="collective", subject_name=unit.name, subject_unit_id=unit_id, subject_position=None,
        award_code=award_code, award_name=label(award_code), dossier_kind="annual_merit", summary=summary,
        received_at=now, status="received",
        history=(Step("received", now, actor, (f"Suy tôn tại {cluster.name}",)),),
        evidence=ClusterEvidence(cluster.cluster_id, results.content_hash, score),
    )  # fmt: skip
    uow = UnitOfWork()
    ctx.nominations.stage_arrival(
        uow, honoured, status_event(honoured, honoured.unit_path, Step("received", now, actor))
    )
    with contextlib.suppress(Duplicate):  # honoured already (a retry of the closing): nothing new
        await uow.commit()
