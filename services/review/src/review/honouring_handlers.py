"""Use cases of a cluster's honouring vote (bình xét, suy tôn): its leaders become nominations.

After the ranking is published, the head opens an approval ballot among the member units (each
unit's head votes for its unit, secretly); closing it ranks candidates by approvals (ties by the
published score ranking) and the leading units arrive as nominations at the cluster's level,
carrying their score and the ranking's hash as evidence.
"""

from __future__ import annotations

from typing import Any

from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import fold
from review.adapters.councils import AlreadyVoted
from review.cluster_handlers import authorize_head, bound_to, ensure_allowed, load_cluster, save_cluster
from review.domain.ballots import cast_vote, close_ballot, open_ballot
from review.domain.history import label
from review.domain.honouring import Selection, rank
from review.domain.nominations import nomination_id
from review.handlers import Deps
from review.nomination_handlers import status_event


def _ballot(doc: dict[str, Any]) -> Any:
    h = doc["honouring"]
    question = f"Suy tôn '{label(h['award_code'])}' năm {doc['year']}"
    members = doc["member_ids"]
    return open_ballot(
        h["ballot_id"],
        question,
        members,
        members,
        candidates=h["candidates"],
        max_approvals=h["max_approvals"],
    )


async def open_vote(
    deps: Deps, principal: Principal, cluster_id: str, award_code: str, max_approvals: int, top_n: int
) -> dict[str, Any]:
    """The head opens the honouring vote once the ranking is published (every member a candidate)."""
    doc = await authorize_head(deps, principal, cluster_id)
    if doc["results"] is None:
        raise Conflict(
            "NO_RANKING", "Cần công bố kết quả chấm điểm trước khi bình xét, suy tôn.", field="cluster_id"
        )
    if doc.get("honouring") is not None:
        raise Conflict("HONOURING_EXISTS", "Cụm đã tổ chức bình xét, suy tôn năm nay.", field="cluster_id")
    honouring = {
        "ballot_id": f"{cluster_id}/suy-ton",
        "award_code": award_code,
        "candidates": list(doc["member_ids"]),
        "max_approvals": max_approvals,
        "top_n": top_n,
        "status": "open",
        "result": None,
    }
    _ballot({**doc, "honouring": honouring})  # validates candidates and approvals
    return await save_cluster(deps, doc, {"honouring": honouring})


async def authorize_voter(
    deps: Deps, principal: Principal, cluster_id: str, voter_unit_id: str
) -> dict[str, Any]:
    """The cluster, once the caller heads the voting unit (a unit votes by its head)."""
    doc = await load_cluster(deps, cluster_id)
    ensure_allowed(bound_to(principal, voter_unit_id, (Role.UNIT_HEAD,)), "thủ trưởng đơn vị thành viên")
    return doc


async def vote(
    deps: Deps, principal: Principal, cluster_id: str, voter_unit_id: str, approvals: list[str]
) -> dict[str, Any]:
    """A member unit's head approves up to M candidates; only the roll knows the unit voted."""
    doc = await authorize_voter(deps, principal, cluster_id, voter_unit_id)
    if doc.get("honouring") is None or doc["honouring"]["status"] != "open":
        raise Conflict("BALLOT_CLOSED", "Không có cuộc bình xét, suy tôn đang mở.", field="cluster_id")
    ballot = _ballot(doc)
    roll = await deps.ballots.roll(ballot.ballot_id)
    entry, paper = cast_vote(ballot, roll, voter_unit_id, approvals, mode="in_person", at=deps.clock())
    try:
        await deps.ballots.cast(entry, paper)
    except AlreadyVoted:
        raise Conflict("ALREADY_VOTED", "Đơn vị này đã bỏ phiếu.", field="voter_unit_id") from None
    return {"ballot_id": ballot.ballot_id, "voted": True}


async def close_vote(deps: Deps, principal: Principal, cluster_id: str) -> dict[str, Any]:
    """The head closes the vote; the leading units become nominations at the cluster's level."""
    doc = await authorize_head(deps, principal, cluster_id)
    h = doc.get("honouring")
    if h is None or h["status"] != "open":
        raise Conflict("BALLOT_CLOSED", "Không có cuộc bình xét, suy tôn đang mở.", field="cluster_id")
    now = deps.clock()
    ballot = close_ballot(_ballot(doc), now)
    roll, box = await deps.ballots.roll(ballot.ballot_id), await deps.ballots.box(ballot.ballot_id)
    order = [r["unit_id"] for r in doc["results"]["ranking"]]
    ranking = rank(ballot, roll, box, Selection(top_n=h["top_n"]), tie_break=order)
    result = {
        "candidates": [
            {"unit_id": c.candidate_id, "approvals": c.approvals, "rank": c.rank, "leading": c.leading}
            for c in ranking.candidates
        ],
        "votes_cast": ranking.turnout.votes_cast,
        "tie_at_cut": ranking.tie_at_cut,
        "tie_break": ranking.tie_break,
    }
    for unit_id in ranking.leading:
        await _nominate(deps, doc, unit_id, h["award_code"], principal.subject)
    return await save_cluster(deps, doc, {"honouring": {**h, "status": "closed", "result": result}})


async def _nominate(deps: Deps, cluster: dict[str, Any], unit_id: str, award_code: str, actor: str) -> None:
    unit = await deps.units.get(unit_id)
    level = await deps.units.get(cluster["level_unit_id"])
    head = await deps.units.get(cluster["head_id"])
    if unit is None or level is None or head is None:
        raise Unprocessable(
            "UNKNOWN_LEVEL", "Chưa biết vị trí của đơn vị trong cây tổ chức.", field="unit_id"
        )
    score = next(r for r in cluster["results"]["ranking"] if r["unit_id"] == unit_id)
    now = deps.clock()
    dossier = f"{cluster['_id']}:{unit_id}"
    doc = {
        "_id": nomination_id(dossier, cluster["level_unit_id"]),
        "dossier_id": dossier,
        "round_id": f"cluster:{cluster['_id']}",
        "year": cluster["year"],
        "proposing_unit_id": cluster["head_id"],
        "proposing_unit_name": f"{cluster['name']} (Cụm trưởng: {head['name']})",
        "unit_path": unit["path"],
        "level_unit_id": cluster["level_unit_id"],
        "level_path": level["path"],
        "subject_kind": "collective",
        "subject_name": unit["name"],
        "subject_name_folded": fold(unit["name"]),
        "subject_unit_id": unit_id,
        "subject_position": None,
        "award_code": award_code,
        "award_name": label(award_code),
        "dossier_kind": "annual_merit",
        "summary": f"Được {cluster['name']} suy tôn dẫn đầu năm {cluster['year']}; điểm chấm chéo "
        f"{score['final']}, xếp thứ {score['rank']} (mã kết quả {cluster['results']['content_hash'][:12]}).",
        "attachments": [],
        "initiatives": [],
        "prior_awards": [],
        "evidence": {
            "cluster_id": cluster["_id"],
            "ranking_hash": cluster["results"]["content_hash"],
            "score": score,
        },
        "received_at": now,
        "status": "received",
    }
    history = {"status": "received", "at": now, "by": actor, "reasons": [f"Suy tôn tại {cluster['name']}"]}
    await deps.nominations.add_forwarded(doc, history, status_event(doc, "received", actor, now, []))
