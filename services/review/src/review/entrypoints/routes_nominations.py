"""HTTP routes of nominations at a level: the standing office's inbox of dossiers, returns."""

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from review import (
    appraisal_handlers,
    comment_handlers,
    decision_handlers,
    nomination_handlers,
    verification_handlers,
)
from review.handlers import Deps

Status = Literal[
    "received", "returned", "appraised", "on_agenda", "voted", "decided", "forwarded", "not_passed"
]


class HistoryOut(BaseModel):
    """A status the nomination passed through at this level."""

    status: str
    at: datetime
    by: str
    reasons: list[str] = Field(default_factory=list)


class NominationOut(BaseModel):
    """A nomination as the level and the proposing unit see it."""

    nomination_id: str
    dossier_id: str
    round_id: str
    year: int
    proposing_unit_id: str
    proposing_unit_name: str
    level_unit_id: str
    subject_kind: str
    subject_name: str
    subject_position: str | None = None
    award_code: str
    award_name: str
    dossier_kind: str
    summary: str
    status: str
    attachments: list[dict[str, Any]]
    initiatives: list[dict[str, Any]]
    prior_awards: list[dict[str, Any]]
    received_at: datetime
    history: list[HistoryOut]
    tally: dict[str, Any] | None = Field(None, description="The council's published tally at this level")
    endorsements: list[dict[str, Any]] = Field(default_factory=list, description="Lower levels' results")
    export_package: dict[str, Any] | None = None
    decision_id: str | None = None
    public_comment: dict[str, Any] | None = Field(
        None, description="The public-comment period: published on, where, working days, last day"
    )
    appraisal: dict[str, Any] | None = Field(
        None, description="The latest appraisal: verdict, every rule with its facts, content hash"
    )

    @classmethod
    def of(cls, doc: dict[str, Any]) -> "NominationOut":
        """From a stored document."""
        return cls(nomination_id=doc["_id"], **{k: v for k, v in doc.items() if k in cls.model_fields})


class NominationPage(BaseModel):
    """A page of nominations and the total matching."""

    total: int
    items: list[NominationOut]


class ReturnIn(BaseModel):
    """Why the dossier goes back to its unit: each reason something the unit can fix."""

    model_config = ConfigDict(extra="forbid")

    reasons: list[Annotated[str, Field(min_length=5, max_length=1000)]] = Field(min_length=1, max_length=20)


class DecisionIn(BaseModel):
    """A decision the level's chair signs: number, date, award and the nominations it honours."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    level_unit_id: str = Field(min_length=1, max_length=100)
    number: str = Field(min_length=1, max_length=50, examples=["1234/QĐ-UBND"])
    signed_on: date
    award_code: str = Field(min_length=1, max_length=100)
    nomination_ids: list[Annotated[str, Field(max_length=300)]] = Field(min_length=1, max_length=500)


class PublicCommentIn(BaseModel):
    """Where and from when the voted nomination is published for public comment."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    published_on: date
    channel: str = Field(min_length=3, max_length=300, examples=["Cổng thông tin điện tử Thành phố"])


class RoundAppraisalIn(BaseModel):
    """Which received nominations to appraise at once: a level's year, optionally one award."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    level_unit_id: str = Field(min_length=1, max_length=100)
    year: int = Field(ge=2000, le=2100)
    award_code: str | None = Field(None, min_length=1, max_length=100)


class AcceptIn(BaseModel):
    """Why an appraisal with undetermined conditions is accepted anyway (required then)."""

    model_config = ConfigDict(extra="forbid")

    override_reason: str | None = Field(None, max_length=1000)


def nominations_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /nominations."""
    Caller = Annotated[Principal, Depends(authenticated)]

    def first(authorize: Callable[..., Awaitable[object]], *names: str) -> Any:
        return authorized_first(authenticated, partial(authorize, d), *names)

    Reader = Annotated[Principal, first(nomination_handlers.check_level_filter, "level_unit_id")]
    LevelOffice = Annotated[Principal, first(appraisal_handlers.authorize_round, "level_unit_id")]
    Chair = Annotated[Principal, first(decision_handlers.authorize_chair, "level_unit_id")]
    router = APIRouter(tags=["nominations"])

    @router.get("/nominations")
    async def list_nominations(
        caller: Reader,
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        round_id: str | None = None,
        level_unit_id: str | None = None,
        status: Status | None = None,
        award_code: str | None = None,
        q: Annotated[str | None, Query(max_length=100, description="subject name, any accents")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> NominationPage:
        filters = {
            "year": year,
            "round_id": round_id,
            "level_unit_id": level_unit_id,
            "status": status,
            "award_code": award_code,
        }
        docs, total = await nomination_handlers.list_nominations(
            d, caller, filters=filters, q=q, limit=limit, skip=skip
        )
        return NominationPage(total=total, items=[NominationOut.of(doc) for doc in docs])

    @router.get("/nominations/{nomination_id}")
    async def get_nomination(nomination_id: str, caller: Caller) -> NominationOut:
        return NominationOut.of(await nomination_handlers.get_nomination(d, caller, nomination_id))

    @router.post("/nominations/{nomination_id}/return")
    async def return_nomination(nomination_id: str, body: ReturnIn, caller: Caller) -> NominationOut:
        doc = await nomination_handlers.return_nomination(d, caller, nomination_id, body.reasons)
        return NominationOut.of(doc)

    @router.post("/nominations/{nomination_id}/appraisal")
    async def appraise(nomination_id: str, caller: Caller) -> NominationOut:
        return NominationOut.of(await appraisal_handlers.appraise(d, caller, nomination_id))

    @router.get("/nominations/{nomination_id}/appraisal/verification")
    async def verify_appraisal(nomination_id: str, caller: Caller) -> dict[str, Any]:
        return await verification_handlers.verify_appraisal(d, caller, nomination_id)

    @router.post("/nominations/{nomination_id}/accept")
    async def accept(nomination_id: str, body: AcceptIn, caller: Caller) -> NominationOut:
        doc = await appraisal_handlers.accept(d, caller, nomination_id, body.override_reason)
        return NominationOut.of(doc)

    @router.post("/nominations/{nomination_id}/forward")
    async def forward(nomination_id: str, caller: Caller) -> NominationOut:
        return NominationOut.of(await decision_handlers.forward_upward(d, caller, nomination_id))

    @router.post("/nominations/{nomination_id}/public-comment")
    async def public_comment(nomination_id: str, body: PublicCommentIn, caller: Caller) -> NominationOut:
        doc = await comment_handlers.open_public_comment(
            d, caller, nomination_id, body.published_on, body.channel
        )
        return NominationOut.of(doc)

    @router.post("/appraisals")
    async def appraise_round(body: RoundAppraisalIn, caller: LevelOffice) -> dict[str, Any]:
        return await appraisal_handlers.appraise_round(
            d, caller, body.level_unit_id, body.year, body.award_code
        )

    @router.post("/decisions", status_code=201, tags=["decisions"])
    async def issue(body: DecisionIn, caller: Chair) -> dict[str, Any]:
        doc = await decision_handlers.issue(
            d,
            caller,
            level_unit_id=body.level_unit_id,
            number=body.number,
            signed_on=body.signed_on,
            award_code=body.award_code,
            nomination_ids=body.nomination_ids,
        )
        return {"decision_id": doc["_id"], **{k: v for k, v in doc.items() if k != "_id"}}

    return router
