"""HTTP routes of emulation clusters: set-up, criteria, cross-inspection, score sheets, ranking, honouring."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query

from emutrack_kit.auth import Principal
from review.domain.clusters import ConflictOfInterest
from review.entrypoints.cluster_schemas import (
    AdjustmentIn,
    ClusterIn,
    CriteriaIn,
    HonouringIn,
    HonouringVoteIn,
    InspectionsIn,
    RankingIn,
    SheetIn,
    cluster_out,
)
from review.entrypoints.guards import Guards
from review.usecases import cluster_access, clusters, honouring, rankings, sheets, verification

IdempotencyKey = Annotated[str | None, Header(max_length=200)]


def clusters_routers(guards: Guards) -> list[APIRouter]:
    """Routes under /clusters."""
    return [_setup(guards), _scoring(guards), _honouring(guards)]


def _setup(guards: Guards) -> APIRouter:
    ctx, router = guards.ctx, APIRouter(tags=["clusters"])
    Caller = Annotated[Principal, guards.caller()]
    Organiser = Annotated[Principal, guards.first(cluster_access.authorize_setup, "level_unit_id")]
    Editor = Annotated[Principal, guards.first(cluster_access.authorize_editor, "cluster_id")]
    Head = Annotated[Principal, guards.first(cluster_access.authorize_head, "cluster_id")]

    @router.post("/clusters", status_code=201)
    async def create(body: ClusterIn, caller: Organiser) -> dict[str, Any]:
        conflicts = tuple(ConflictOfInterest(**c.model_dump()) for c in body.conflicts)
        command = clusters.NewCluster(
            body.level_unit_id,
            body.name,
            body.year,
            tuple(body.member_ids),
            body.head_id,
            body.deputy_id,
            conflicts,
        )
        return cluster_out(await clusters.create(ctx, caller, command))

    @router.get("/clusters")
    async def list_clusters(
        caller: Caller,
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        q: Annotated[str, Query(max_length=100, description="cluster name, any accents/case")] = "",
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """The clusters the caller may read (its units' and its levels'), newest year first."""
        page = await clusters.list_clusters(ctx, caller, year, q, limit, skip)
        return {"total": page.total, "items": [asdict(s) for s in page.items]}

    @router.get("/clusters/{cluster_id}")
    async def get(cluster_id: str, caller: Caller) -> dict[str, Any]:
        return cluster_out(await clusters.get_cluster(ctx, caller, cluster_id))

    @router.put("/clusters/{cluster_id}/criteria")
    async def set_criteria(cluster_id: str, body: CriteriaIn, caller: Editor) -> dict[str, Any]:
        return cluster_out(await clusters.set_criteria(ctx, caller, cluster_id, body.draft()))

    @router.post("/clusters/{cluster_id}/criteria/copy-from/{from_cluster_id}")
    async def copy_criteria(cluster_id: str, from_cluster_id: str, caller: Caller) -> dict[str, Any]:
        return cluster_out(await clusters.copy_criteria(ctx, caller, cluster_id, from_cluster_id))

    @router.post("/clusters/{cluster_id}/inspections")
    async def draw(cluster_id: str, body: InspectionsIn, caller: Head) -> dict[str, Any]:
        return cluster_out(await clusters.draw_inspections(ctx, caller, cluster_id, body.k, body.seed))

    return router


def _scoring(guards: Guards) -> APIRouter:
    ctx, router = guards.ctx, APIRouter(tags=["clusters"])
    Caller = Annotated[Principal, guards.caller()]
    Scorer = Annotated[Principal, guards.first(cluster_access.authorize_scorer, "cluster_id", "scorer_id")]
    Head = Annotated[Principal, guards.first(cluster_access.authorize_head, "cluster_id")]

    @router.put("/clusters/{cluster_id}/sheets/{scored_id}")
    async def submit_sheet(cluster_id: str, scored_id: str, body: SheetIn, caller: Scorer) -> dict[str, Any]:
        return cluster_out(await sheets.submit_sheet(ctx, caller, cluster_id, body.draft(scored_id)))

    @router.post("/clusters/{cluster_id}/adjustments")
    async def adjust(
        cluster_id: str, body: AdjustmentIn, caller: Head, idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        """The head adjusts a member's result; a retry under the same Idempotency-Key adjusts once."""
        command = sheets.Adjustment(cluster_id, body.unit_id, body.delta, body.reason, idempotency_key)
        return cluster_out(await sheets.adjust(ctx, caller, command))

    @router.post("/clusters/{cluster_id}/ranking")
    async def ranking(cluster_id: str, body: RankingIn, caller: Head) -> dict[str, Any]:
        return cluster_out(await rankings.publish_ranking(ctx, caller, cluster_id, body.normalise))

    @router.get("/clusters/{cluster_id}/ranking/verification")
    async def verify_ranking(cluster_id: str, caller: Caller) -> dict[str, Any]:
        return asdict(await verification.verify_ranking(ctx, caller, cluster_id))

    return router


def _honouring(guards: Guards) -> APIRouter:
    ctx, router = guards.ctx, APIRouter(tags=["clusters"])
    Caller = Annotated[Principal, guards.caller()]
    Head = Annotated[Principal, guards.first(cluster_access.authorize_head, "cluster_id")]
    Voter = Annotated[Principal, guards.first(cluster_access.authorize_voter, "cluster_id", "voter_unit_id")]

    @router.post("/clusters/{cluster_id}/honouring")
    async def open_honouring(cluster_id: str, body: HonouringIn, caller: Head) -> dict[str, Any]:
        command = honouring.OpenHonouring(cluster_id, body.award_code, body.max_approvals, body.top_n)
        return cluster_out(await honouring.open_vote(ctx, caller, command))

    @router.post("/clusters/{cluster_id}/honouring/votes", status_code=201)
    async def honouring_vote(cluster_id: str, body: HonouringVoteIn, caller: Voter) -> dict[str, Any]:
        paper = honouring.HonouringPaper(cluster_id, body.voter_unit_id, tuple(body.approvals))
        return asdict(await honouring.vote(ctx, caller, paper))

    @router.post("/clusters/{cluster_id}/honouring/close")
    async def close_honouring(cluster_id: str, caller: Caller) -> dict[str, Any]:
        return cluster_out(await honouring.close_vote(ctx, caller, cluster_id))

    return router
