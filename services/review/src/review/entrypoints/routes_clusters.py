"""HTTP routes of emulation clusters: set-up, criteria, cross-inspection, score sheets, ranking."""

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from review import cluster_handlers, honouring_handlers, ranking_handlers, verification_handlers
from review.handlers import Deps

Id = Annotated[str, Field(min_length=1, max_length=100)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ConflictIn(_In):
    """Two members that must not inspect each other."""

    first_id: Id
    second_id: Id
    reason: str = Field("", max_length=500)


class ClusterIn(_In):
    """A cluster of one level's peer units for a year."""

    level_unit_id: Id
    name: str = Field(
        min_length=3, max_length=300, examples=["Cụm thi đua số 2 - các phường quận Thanh Xuân"]
    )
    year: int = Field(ge=2000, le=2100)
    member_ids: list[Id] = Field(min_length=3, max_length=200)
    head_id: Id
    deputy_id: Id
    conflicts: list[ConflictIn] = Field(default_factory=list, max_length=200)


class CriterionIn(_In):
    """A criterion with its maximum points and the evidence required."""

    criterion_id: Id
    text: str = Field(min_length=3, max_length=2000)
    max_points: float = Field(gt=0, le=1000)
    evidence: str = Field("", max_length=2000)


class SectionIn(_In):
    """A section of the criteria set."""

    section_id: Id
    title: str = Field(min_length=2, max_length=500)
    criteria: list[CriterionIn] = Field(min_length=1, max_length=200)


class ItemIn(_In):
    """A bonus or penalty item."""

    item_id: Id
    text: str = Field(min_length=3, max_length=2000)
    max_points: float = Field(gt=0, le=1000)


class CriteriaIn(_In):
    """A whole criteria set (each save is a new version)."""

    sections: list[SectionIn] = Field(min_length=1, max_length=50)
    bonus_items: list[ItemIn] = Field(default_factory=list, max_length=100)
    penalty_items: list[ItemIn] = Field(default_factory=list, max_length=100)
    declared_total: float | None = Field(None, gt=0)


class InspectionsIn(_In):
    """How many peers score each member, and the seed of the draw (recorded, so it can be replayed)."""

    k: int = Field(2, ge=1, le=50)
    seed: str = Field(min_length=1, max_length=100)


class MarkIn(_In):
    """Points for a criterion or item, with the reason where points are taken off."""

    ref_id: Id
    points: float = Field(ge=0, le=1000)
    comment: str = Field("", max_length=2000)


class SheetIn(_In):
    """A score sheet: the scorer's own unit (self) or an assigned peer (cross)."""

    scorer_id: Id
    kind: Literal["self", "cross"]
    marks: list[MarkIn] = Field(max_length=500)
    bonuses: list[MarkIn] = Field(default_factory=list, max_length=100)
    penalties: list[MarkIn] = Field(default_factory=list, max_length=100)


class AdjustmentIn(_In):
    """The head's adjustment of a member's result, with its reason."""

    unit_id: Id
    delta: float = Field(ge=-1000, le=1000)
    reason: str = Field(min_length=10, max_length=2000)


class RankingIn(_In):
    """Whether to normalise each inspector's scores before averaging."""

    normalise: bool = False


class HonouringIn(_In):
    """The honouring vote: the award the leaders are proposed for, approvals per paper, how many lead."""

    award_code: Id = Field(examples=["co_thi_dua_thanh_pho"])
    max_approvals: int = Field(1, ge=1, le=50)
    top_n: int = Field(1, ge=1, le=50)


class HonouringVoteIn(_In):
    """A member unit's paper: the candidates it approves."""

    voter_unit_id: Id
    approvals: list[Id] = Field(min_length=1, max_length=50)


def clusters_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /clusters."""
    Caller = Annotated[Principal, Depends(authenticated)]

    def first(authorize: Callable[..., Awaitable[object]], *names: str) -> Any:
        return authorized_first(authenticated, partial(authorize, d), *names)

    Organiser = Annotated[Principal, first(cluster_handlers.authorize_setup, "level_unit_id")]
    Scorer = Annotated[Principal, first(cluster_handlers.authorize_scorer, "cluster_id", "scorer_id")]
    Head = Annotated[Principal, first(cluster_handlers.authorize_head, "cluster_id")]
    Editor = Annotated[Principal, first(cluster_handlers.authorize_editor, "cluster_id")]
    Voter = Annotated[Principal, first(honouring_handlers.authorize_voter, "cluster_id", "voter_unit_id")]
    router = APIRouter(tags=["clusters"])

    def out(doc: dict[str, Any]) -> dict[str, Any]:
        return {"cluster_id": doc["_id"], **{k: v for k, v in doc.items() if k != "_id"}}

    @router.post("/clusters", status_code=201)
    async def create(body: ClusterIn, caller: Organiser) -> dict[str, Any]:
        return out(await cluster_handlers.create(d, caller, body.model_dump()))

    @router.get("/clusters/{cluster_id}")
    async def get(cluster_id: str, caller: Caller) -> dict[str, Any]:
        return out(await cluster_handlers.get_cluster(d, caller, cluster_id))

    @router.put("/clusters/{cluster_id}/criteria")
    async def set_criteria(cluster_id: str, body: CriteriaIn, caller: Editor) -> dict[str, Any]:
        return out(await cluster_handlers.set_criteria(d, caller, cluster_id, body.model_dump()))

    @router.post("/clusters/{cluster_id}/criteria/copy-from/{from_cluster_id}")
    async def copy_criteria(cluster_id: str, from_cluster_id: str, caller: Caller) -> dict[str, Any]:
        return out(await cluster_handlers.copy_criteria(d, caller, cluster_id, from_cluster_id))

    @router.post("/clusters/{cluster_id}/inspections")
    async def draw(cluster_id: str, body: InspectionsIn, caller: Head) -> dict[str, Any]:
        return out(await cluster_handlers.draw_inspections(d, caller, cluster_id, body.k, body.seed))

    @router.put("/clusters/{cluster_id}/sheets/{scored_id}")
    async def submit_sheet(cluster_id: str, scored_id: str, body: SheetIn, caller: Scorer) -> dict[str, Any]:
        raw = body.model_dump()
        doc = await cluster_handlers.submit_sheet(
            d, caller, cluster_id, body.scorer_id, scored_id, body.kind, raw
        )
        return out(doc)

    @router.post("/clusters/{cluster_id}/adjustments")
    async def adjust(cluster_id: str, body: AdjustmentIn, caller: Head) -> dict[str, Any]:
        return out(
            await cluster_handlers.adjust(d, caller, cluster_id, body.unit_id, body.delta, body.reason)
        )

    @router.post("/clusters/{cluster_id}/ranking")
    async def ranking(cluster_id: str, body: RankingIn, caller: Head) -> dict[str, Any]:
        return out(await ranking_handlers.publish_ranking(d, caller, cluster_id, body.normalise))

    @router.get("/clusters/{cluster_id}/ranking/verification")
    async def verify_ranking(cluster_id: str, caller: Caller) -> dict[str, Any]:
        return await verification_handlers.verify_ranking(d, caller, cluster_id)

    @router.post("/clusters/{cluster_id}/honouring")
    async def open_honouring(cluster_id: str, body: HonouringIn, caller: Head) -> dict[str, Any]:
        doc = await honouring_handlers.open_vote(
            d, caller, cluster_id, body.award_code, body.max_approvals, body.top_n
        )
        return out(doc)

    @router.post("/clusters/{cluster_id}/honouring/votes", status_code=201)
    async def honouring_vote(cluster_id: str, body: HonouringVoteIn, caller: Voter) -> dict[str, Any]:
        return await honouring_handlers.vote(d, caller, cluster_id, body.voter_unit_id, body.approvals)

    @router.post("/clusters/{cluster_id}/honouring/close")
    async def close_honouring(cluster_id: str, caller: Caller) -> dict[str, Any]:
        return out(await honouring_handlers.close_vote(d, caller, cluster_id))

    return router
