"""HTTP routes of nominations: a level's inbox, returns, appraisal, public comment, decisions, forwarding."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from emutrack_kit.auth import Principal
from review.entrypoints.guards import Guards
from review.entrypoints.nomination_schemas import (
    AcceptIn,
    DecisionIn,
    InboxQuery,
    NominationOut,
    NominationPage,
    PublicCommentIn,
    ReturnIn,
    RoundAppraisalIn,
)
from review.usecases import access, appraisals, decisions, forwarding, nominations, verification
from review.usecases import public_comment as comments


def nominations_routers(guards: Guards) -> list[APIRouter]:
    """Routes under /nominations, /appraisals and /decisions."""
    return [_inbox(guards), _appraisal(guards), _decision(guards)]


def _inbox(guards: Guards) -> APIRouter:
    ctx, router = guards.ctx, APIRouter(tags=["nominations"])
    Caller = Annotated[Principal, guards.caller()]
    Reader = Annotated[Principal, guards.first(access.check_level_filter, "level_unit_id")]

    @router.get("/nominations")
    async def list_nominations(caller: Reader, query: Annotated[InboxQuery, Query()]) -> NominationPage:
        page = await nominations.list_nominations(ctx, caller, query.narrowed(), query.limit, query.skip)
        return NominationPage(total=page.total, items=[NominationOut.of(r) for r in page.items])

    @router.get("/nominations/{nomination_id}")
    async def get_nomination(nomination_id: str, caller: Caller) -> NominationOut:
        return NominationOut.of(await nominations.get_nomination(ctx, caller, nomination_id))

    @router.post("/nominations/{nomination_id}/return")
    async def return_nomination(nomination_id: str, body: ReturnIn, caller: Caller) -> NominationOut:
        return NominationOut.of(await nominations.return_nomination(ctx, caller, nomination_id, body.reasons))

    return router


def _appraisal(guards: Guards) -> APIRouter:
    ctx, router = guards.ctx, APIRouter(tags=["nominations"])
    Caller = Annotated[Principal, guards.caller()]
    LevelOffice = Annotated[Principal, guards.first(access.authorize_round, "level_unit_id")]

    @router.post("/nominations/{nomination_id}/appraisal")
    async def appraise(nomination_id: str, caller: Caller) -> NominationOut:
        return NominationOut.of(await appraisals.appraise(ctx, caller, nomination_id))

    @router.get("/nominations/{nomination_id}/appraisal/verification")
    async def verify_appraisal(nomination_id: str, caller: Caller) -> dict[str, Any]:
        return asdict(await verification.verify_appraisal(ctx, caller, nomination_id))

    @router.post("/nominations/{nomination_id}/accept")
    async def accept(nomination_id: str, body: AcceptIn, caller: Caller) -> NominationOut:
        return NominationOut.of(await appraisals.accept(ctx, caller, nomination_id, body.override_reason))

    @router.post("/appraisals")
    async def appraise_round(body: RoundAppraisalIn, caller: LevelOffice) -> dict[str, Any]:
        command = appraisals.RoundAppraisal(body.level_unit_id, body.year, body.award_code)
        return asdict(await appraisals.appraise_round(ctx, caller, command))

    return router


def _decision(guards: Guards) -> APIRouter:
    ctx, router = guards.ctx, APIRouter(tags=["nominations"])
    Caller = Annotated[Principal, guards.caller()]
    Chair = Annotated[Principal, guards.first(access.authorize_chair, "level_unit_id")]

    @router.post("/nominations/{nomination_id}/forward")
    async def forward(nomination_id: str, caller: Caller) -> NominationOut:
        return NominationOut.of(await forwarding.forward_upward(ctx, caller, nomination_id))

    @router.post("/nominations/{nomination_id}/public-comment")
    async def public_comment(nomination_id: str, body: PublicCommentIn, caller: Caller) -> NominationOut:
        command = comments.OpenComment(nomination_id, body.published_on, body.channel)
        return NominationOut.of(await comments.open_public_comment(ctx, caller, command))

    @router.post("/decisions", status_code=201, tags=["decisions"])
    async def issue(body: DecisionIn, caller: Chair) -> dict[str, object]:
        command = decisions.IssueDecision(
            body.level_unit_id, body.number, body.signed_on, body.award_code, tuple(body.nomination_ids)
        )
        return (await decisions.issue(ctx, caller, command)).public()

    return router
