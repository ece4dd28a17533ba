"""HTTP routes of initiative recognition: a level's list, one initiative, members' marks, the decision."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from emutrack_contracts.initiatives import council_scope
from emutrack_kit.auth import Principal
from review.domain.initiatives import CRITERIA, PASS_MARK, STATUS_VI, InitiativeCase
from review.entrypoints.guards import Guards
from review.usecases import initiatives

ScopeIn = Literal["co_so", "cap_huyen", "cap_thanh_pho"]


class InitiativeOut(BaseModel):
    """An initiative before a council, with the members' marks, their mean and the decision."""

    submission_id: str
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    level_unit_id: str
    title: str
    field: str
    authors: list[dict[str, Any]]
    claimed_scope: str
    applied_since: date
    summary: str
    benefits: str
    submitted_at: datetime
    status: str
    status_name: str
    scores: list[dict[str, Any]]
    mean_total: float | None
    mean_marks: dict[str, float]
    decision: dict[str, Any] | None

    @classmethod
    def of(cls, case: InitiativeCase) -> "InitiativeOut":
        """The API shape of an initiative."""
        fields = asdict(case)
        fields.pop("unit_path")
        scores = [{**s, "total": sum(s["marks"].values())} for s in fields.pop("scores")]
        return cls(
            **fields, scores=scores, status_name=STATUS_VI[case.status], mean_total=case.mean_total(),
            mean_marks=case.mean_marks(),
        )  # fmt: skip


class InitiativePage(BaseModel):
    """A page of initiatives and how many match."""

    total: int
    items: list[InitiativeOut]


class ScoreIn(BaseModel):
    """A council member's marks: novelty /30, applicability /30, benefit /40."""

    member_name: str = Field(min_length=2, max_length=200, examples=["Trần Văn Bình, Trưởng phòng Nội vụ"])
    marks: dict[str, int] = Field(examples=[{"tinh_moi": 25, "kha_nang_ap_dung": 24, "hieu_qua": 32}])
    comment: str = Field("", max_length=2000)


class DecideIn(BaseModel):
    """The chair's decision: recognised at a scope with its number, or not with reasons."""

    recognised: bool
    scope: ScopeIn | None = None
    decision_number: str | None = Field(None, max_length=60, examples=["125/QĐ-UBND"])
    signed_on: date
    reasons: list[Annotated[str, Field(max_length=1000)]] = Field(default_factory=list, max_length=10)


def initiatives_router(guards: Guards) -> APIRouter:
    """Routes under /initiatives and the scoring sheet."""
    ctx, router = guards.ctx, APIRouter(tags=["initiatives"])
    Caller = Annotated[Principal, guards.caller()]
    Scorer = Annotated[Principal, guards.first(initiatives.authorize_scorer, "submission_id")]
    Chair = Annotated[Principal, guards.first(initiatives.authorize_chair, "submission_id")]
    LevelReader = Annotated[Principal, guards.first(initiatives.authorize_level_reader, "level_unit_id")]

    @router.get("/initiative-criteria")
    async def criteria(_: Caller) -> dict[str, Any]:
        return {"criteria": [asdict(c) for c in CRITERIA], "pass_mark": PASS_MARK}

    @router.get("/initiatives")
    async def list_initiatives(
        caller: LevelReader,
        level_unit_id: Annotated[str, Query(min_length=1, max_length=100)],
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        status: Literal["submitted", "recognised", "not_recognised", "withdrawn"] | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        skip: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> InitiativePage:
        shelf = initiatives.Shelf(level_unit_id, year, status)
        page = await initiatives.at_level(ctx, caller, shelf, limit, skip)
        return InitiativePage(total=page.total, items=[InitiativeOut.of(c) for c in page.items])

    @router.get("/initiatives/{submission_id}")
    async def get_initiative(submission_id: str, caller: Caller) -> dict[str, Any]:
        case = await initiatives.readable(ctx, caller, submission_id)
        level = (await ctx.tree.tree()).get(case.level_unit_id)
        council = council_scope(level.kind if level else None)
        return {**InitiativeOut.of(case).model_dump(mode="json"), "council_scope": council}

    @router.post("/initiatives/{submission_id}/scores")
    async def score(submission_id: str, body: ScoreIn, caller: Scorer) -> InitiativeOut:
        command = initiatives.Mark(submission_id, body.member_name, body.marks, body.comment)
        return InitiativeOut.of(await initiatives.score(ctx, caller, command))

    @router.post("/initiatives/{submission_id}/decision")
    async def decide(submission_id: str, body: DecideIn, caller: Chair) -> InitiativeOut:
        command = initiatives.Decide(
            submission_id,
            body.recognised,
            body.scope,
            body.decision_number,
            body.signed_on,
            tuple(body.reasons),
        )
        return InitiativeOut.of(await initiatives.decide(ctx, caller, command))

    return router
