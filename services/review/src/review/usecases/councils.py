"""A level's council: its members and chair, and the sessions its standing office plans.

A level's council business is done by that level's own bindings: its standing office (or an admin
bound to it) prepares sessions; its council members and chair vote; the chair or the office opens
and closes (`sessions.py`). Only tallies are ever shown — never who voted what.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from emutrack_contracts import new_event
from emutrack_contracts.events.review import CouncilSessionScheduled
from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Conflict, NotFound, Unprocessable
from emutrack_kit.repository import Page
from emutrack_kit.unit_of_work import UnitOfWork
from review.domain import sessions
from review.domain.councils import Council, CouncilMember, SessionRecord
from review.usecases.access import OFFICE, VOTERS, authorize_office, ensure_council_role
from review.usecases.context import Context
from review.usecases.tree import unit_path_today
from review.usecases.writes import commit

READERS = (*OFFICE, *VOTERS, Role.VIEWER)


async def set_council(
    ctx: Context, principal: Principal, level: str, members: Sequence[CouncilMember], chair_id: str
) -> Council:
    """The level's office records its council's members and chair."""
    await authorize_office(ctx, principal, level)
    ids = [m.member_id for m in members]
    if len(set(ids)) != len(ids):
        raise Unprocessable("DUPLICATE_MEMBER", "Một thành viên được ghi hai lần.", field="members")
    if chair_id not in ids:
        raise Unprocessable(
            "CHAIR_NOT_MEMBER", "Chủ tịch Hội đồng phải có trong danh sách thành viên.", field="chair_id"
        )
    return await ctx.councils.put(Council(level, tuple(members), chair_id))


@dataclass(frozen=True)
class PlanSession:
    """A session to plan: the level whose council meets, the day, its name."""

    level_unit_id: str
    held_on: date
    name: str


async def plan(ctx: Context, principal: Principal, command: PlanSession) -> SessionRecord:
    """The office plans a session of its council (members and chair as the council stands today)."""
    level = command.level_unit_id
    await authorize_office(ctx, principal, level)
    council = await ctx.councils.get(level)
    if council is None:
        raise Conflict(
            "NO_COUNCIL", "Cấp này chưa có danh sách Hội đồng TĐKT; hãy nhập trước.", field="level"
        )
    members = council.member_ids
    session = sessions.plan_session(f"ss-{uuid.uuid4()}", level, command.held_on, members, council.chair_id)
    names = {m.member_id: m.name for m in council.members}
    record = SessionRecord(session, command.name, tuple(members), names, ())
    payload = CouncilSessionScheduled(
        session_id=session.session_id, level_unit_id=level, name=command.name, held_on=command.held_on,
        member_ids=members, chair_id=council.chair_id,
    )  # fmt: skip
    path = await unit_path_today(ctx, level)
    event = new_event(
        "council_session.scheduled", unit_path=list(path), actor=principal.subject, payload=payload
    )
    uow = UnitOfWork()
    ctx.sessions.stage_new(uow, record, event)
    await commit(uow)
    return await load_session(ctx, session.session_id)


async def load_session(ctx: Context, session_id: str) -> SessionRecord:
    """A session; UNKNOWN_SESSION if there is none."""
    record = await ctx.sessions.get(session_id)
    if record is None:
        raise NotFound("UNKNOWN_SESSION", f"Không tìm thấy phiên họp '{session_id}'.", field="session_id")
    return record


async def list_sessions(
    ctx: Context, principal: Principal, level: str, limit: int, skip: int
) -> Page[SessionRecord]:
    """A level's sessions, the latest first, for its office, council and viewers."""
    await authorize_reader(ctx, principal, level)
    return await ctx.sessions.of_level(level, limit, skip)


async def authorize_reader(_: Context, principal: Principal, level: str) -> None:
    """The caller reads the level's sessions (its office, council members and chair, viewers)."""
    ensure_council_role(principal, level, READERS, "Hội đồng, thường trực")


async def get_session(ctx: Context, principal: Principal, session_id: str) -> SessionRecord:
    """A session as the level sees it (agenda, attendance, published tallies)."""
    record = await load_session(ctx, session_id)
    ensure_council_role(principal, record.level_unit_id, READERS, "Hội đồng, thường trực")
    return record
