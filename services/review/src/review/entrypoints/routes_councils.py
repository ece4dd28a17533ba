"""HTTP routes of a level's council: members, sessions, agenda, attendance, secret votes, tallies."""

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from review.domain.councils import CouncilMember, SessionRecord
from review.entrypoints.guards import Guards
from review.usecases import access, councils, sessions


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MemberIn(_In):
    """A council member: the account that votes, and the name shown."""

    member_id: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=2, max_length=200, examples=["Nguyễn Văn An, Phó Chủ tịch UBND quận"])


class CouncilIn(_In):
    """The level's council as it stands."""

    members: list[MemberIn] = Field(min_length=1, max_length=100)
    chair_id: str = Field(min_length=1, max_length=200)


class SessionIn(_In):
    """A session to plan."""

    level_unit_id: str = Field(min_length=1, max_length=100)
    held_on: date
    name: str = Field(min_length=3, max_length=300, examples=["Phiên họp xét khen thưởng tổng kết năm 2020"])


class AgendaIn(_In):
    """A nomination to put on the agenda."""

    nomination_id: str = Field(min_length=1, max_length=300)


class AttendanceIn(_In):
    """The members present."""

    present: list[str] = Field(max_length=100)


class VoteIn(_In):
    """One secret vote on one agenda item."""

    choice: Literal["yes", "no", "abstain"]
    mode: Literal["in_person", "written"] = "in_person"


class SessionOut(BaseModel):
    """A session with its agenda and, once closed, the published tallies (never individual votes)."""

    session_id: str
    level_unit_id: str
    name: str
    held_on: date
    status: str
    members: list[str]
    member_names: dict[str, str]
    chair_id: str
    present: list[str]
    agenda: list[dict[str, Any]]

    @classmethod
    def of(cls, record: SessionRecord) -> "SessionOut":
        """From a kept session."""
        s = record.session
        return cls(
            session_id=s.session_id, level_unit_id=s.level_unit_id, name=record.name, held_on=s.held_on,
            status=s.status,
            members=list(record.member_ids), member_names=dict(record.member_names), chair_id=s.chair_id,
            present=sorted(s.present), agenda=record.agenda(),
        )  # fmt: skip


class SessionPage(BaseModel):
    """A page of a level's sessions and how many it has."""

    total: int
    items: list[SessionOut]


def councils_routers(guards: Guards) -> list[APIRouter]:
    """Routes under /councils and /sessions."""
    return [_planning(guards), _sitting(guards)]


def _planning(guards: Guards) -> APIRouter:
    ctx, router = guards.ctx, APIRouter(tags=["councils"])
    Caller = Annotated[Principal, guards.caller()]
    Office = Annotated[Principal, guards.first(access.authorize_office, "level_unit_id")]
    Reader = Annotated[Principal, guards.first(councils.authorize_reader, "level_unit_id")]

    @router.put("/councils/{level_unit_id}")
    async def set_council(level_unit_id: str, body: CouncilIn, caller: Office) -> dict[str, Any]:
        members = [CouncilMember(m.member_id, m.name) for m in body.members]
        council = await councils.set_council(ctx, caller, level_unit_id, members, body.chair_id)
        members_out = [asdict(m) for m in council.members]
        return {"level_unit_id": council.level_unit_id, "members": members_out, "chair_id": council.chair_id}

    @router.post("/sessions", status_code=201)
    async def plan(body: SessionIn, caller: Office) -> SessionOut:
        command = councils.PlanSession(body.level_unit_id, body.held_on, body.name)
        return SessionOut.of(await councils.plan(ctx, caller, command))

    @router.get("/sessions")
    async def list_sessions(
        caller: Reader,
        level_unit_id: Annotated[str, Query(min_length=1, max_length=100)],
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> SessionPage:
        page = await councils.list_sessions(ctx, caller, level_unit_id, limit, skip)
        return SessionPage(total=page.total, items=[SessionOut.of(r) for r in page.items])

    @router.get("/sessions/{session_id}")
    async def get_session(session_id: str, caller: Caller) -> SessionOut:
        return SessionOut.of(await councils.get_session(ctx, caller, session_id))

    @router.post("/sessions/{session_id}/agenda")
    async def add_to_agenda(session_id: str, body: AgendaIn, caller: Caller) -> SessionOut:
        return SessionOut.of(await sessions.add_to_agenda(ctx, caller, session_id, body.nomination_id))

    return router


def _sitting(guards: Guards) -> APIRouter:
    ctx, router = guards.ctx, APIRouter(tags=["councils"])
    Caller = Annotated[Principal, guards.caller()]

    @router.put("/sessions/{session_id}/attendance")
    async def attendance(session_id: str, body: AttendanceIn, caller: Caller) -> SessionOut:
        return SessionOut.of(await sessions.attendance(ctx, caller, session_id, body.present))

    @router.post("/sessions/{session_id}/open")
    async def open_session(session_id: str, caller: Caller) -> SessionOut:
        return SessionOut.of(await sessions.open_session(ctx, caller, session_id))

    @router.post("/sessions/{session_id}/items/{nomination_id}/votes", status_code=201)
    async def vote(session_id: str, nomination_id: str, body: VoteIn, caller: Caller) -> dict[str, Any]:
        command = sessions.CastVote(session_id, nomination_id, body.choice, body.mode)
        return asdict(await sessions.vote(ctx, caller, command))

    @router.post("/sessions/{session_id}/close")
    async def close(session_id: str, caller: Caller) -> SessionOut:
        return SessionOut.of(await sessions.close(ctx, caller, session_id))

    return router
