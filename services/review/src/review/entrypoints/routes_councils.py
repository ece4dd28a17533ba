"""HTTP routes of a level's council: members, sessions, agenda, attendance, secret votes, tallies."""

from collections.abc import Awaitable, Callable
from datetime import date
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from review import council_handlers
from review.handlers import Deps


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
    status: str
    members: list[str]
    member_names: dict[str, str]
    chair_id: str
    present: list[str]
    agenda: list[dict[str, Any]]

    @classmethod
    def of(cls, doc: dict[str, Any]) -> "SessionOut":
        """From a stored document."""
        return cls(session_id=doc["_id"], **{k: v for k, v in doc.items() if k in cls.model_fields})


def councils_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /councils and /sessions."""
    Caller = Annotated[Principal, Depends(authenticated)]
    authorize = partial(council_handlers.authorize_office, d)
    Office = Annotated[Principal, authorized_first(authenticated, authorize, "level_unit_id")]
    router = APIRouter(tags=["councils"])

    @router.put("/councils/{level_unit_id}")
    async def set_council(level_unit_id: str, body: CouncilIn, caller: Office) -> dict[str, Any]:
        members = [m.model_dump() for m in body.members]
        doc = await council_handlers.set_council(d, caller, level_unit_id, members, body.chair_id)
        return {"level_unit_id": doc["_id"], "members": doc["members"], "chair_id": doc["chair_id"]}

    @router.post("/sessions", status_code=201)
    async def plan(body: SessionIn, caller: Office) -> SessionOut:
        return SessionOut.of(
            await council_handlers.plan(d, caller, body.level_unit_id, body.held_on, body.name)
        )

    @router.get("/sessions/{session_id}")
    async def get_session(session_id: str, caller: Caller) -> SessionOut:
        return SessionOut.of(await council_handlers.get_session(d, caller, session_id))

    @router.post("/sessions/{session_id}/agenda")
    async def add_to_agenda(session_id: str, body: AgendaIn, caller: Caller) -> SessionOut:
        return SessionOut.of(await council_handlers.add_to_agenda(d, caller, session_id, body.nomination_id))

    @router.put("/sessions/{session_id}/attendance")
    async def attendance(session_id: str, body: AttendanceIn, caller: Caller) -> SessionOut:
        return SessionOut.of(await council_handlers.attendance(d, caller, session_id, body.present))

    @router.post("/sessions/{session_id}/open")
    async def open_session(session_id: str, caller: Caller) -> SessionOut:
        return SessionOut.of(await council_handlers.open_session(d, caller, session_id))

    @router.post("/sessions/{session_id}/items/{nomination_id}/votes", status_code=201)
    async def vote(session_id: str, nomination_id: str, body: VoteIn, caller: Caller) -> dict[str, Any]:
        return await council_handlers.vote(d, caller, session_id, nomination_id, body.choice, body.mode)

    @router.post("/sessions/{session_id}/close")
    async def close(session_id: str, caller: Caller) -> SessionOut:
        return SessionOut.of(await council_handlers.close(d, caller, session_id))

    return router
