"""Use cases of conferences of exemplars: plan, delegation, confirmation, results report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import ConferencePlanned, ConferenceReported
from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Conflict, Forbidden, NotFound, Unprocessable
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import Duplicate, StaleWrite, UnitOfWork
from registration.adapters.xlsx import read_rows, template
from registration.domain.conference_sheet import DELEGATE_COLUMNS, delegates_from_rows
from registration.domain.conferences import Conference, Delegate, Report, checked_delegates, checked_plan
from registration.usecases.access import level_office
from registration.usecases.context import Context
from registration.usecases.lists import refuse_rows


@dataclass(frozen=True)
class PlanConference:
    """A level's plan: name, held by, composition and balance rules, the conference it feeds, reports due."""

    level_unit_id: str
    name: str
    hold_by: date
    exemplar_share: int = 70
    max_delegates: int | None = None
    minimums: tuple[tuple[str, int], ...] = ()
    parent_id: str | None = None
    pilot: bool = False
    reports_due: date | None = None


async def plan(ctx: Context, principal: Principal, command: PlanConference) -> Conference:
    """The level's standing office plans its conference of the season (`conference.planned`)."""
    unit, path = await level_office(ctx, principal, command.level_unit_id, command.hold_by)
    parent = await _feeds(ctx, command, path)
    if command.parent_id is not None and (parent is None or parent.level_unit_id not in path[:-1]):
        raise Unprocessable(
            "PARENT_NOT_ABOVE",
            f"Hội nghị cấp trên '{command.parent_id}' không phải của một cấp trên {unit.name}.",
            field="parent_conference_id",
        )
    checked_plan(command.hold_by, parent, command.minimums)
    conference = Conference(
        conference_id=f"hn-{command.hold_by.year}-{unit.unit_id}", level_unit_id=unit.unit_id,
        level_name=unit.name, level_path=path, name=nfc(command.name).strip(), hold_by=command.hold_by,
        exemplar_share=command.exemplar_share, max_delegates=command.max_delegates, minimums=command.minimums,
        parent_id=parent.conference_id if parent else None, pilot=command.pilot,
        reports_due=command.reports_due,
    )  # fmt: skip
    payload = ConferencePlanned(
        conference_id=conference.conference_id, level_unit_id=unit.unit_id, level_name=unit.name,
        name=conference.name, hold_by=conference.hold_by, reports_due=conference.reports_due,
        parent_conference_id=conference.parent_id, pilot=conference.pilot, planned_at=ctx.now(),
    )  # fmt: skip
    event = new_event("conference.planned", unit_path=list(path), actor=principal.subject, payload=payload)
    uow = UnitOfWork()
    ctx.conferences.add(uow, conference, event)
    try:
        await uow.commit()
    except Duplicate:
        raise Conflict(
            "CONFERENCE_EXISTS",
            f"{unit.name} đã có kế hoạch hội nghị năm {command.hold_by.year}.",
            field="level_unit_id",
        ) from None
    return conference


async def _feeds(ctx: Context, command: PlanConference, path: tuple[str, ...]) -> Conference | None:
    """The conference this one feeds: the one named, else the nearest level above's of the same year."""
    if command.parent_id is not None:
        return await ctx.conferences.get(command.parent_id)
    for level in reversed(path[:-1]):
        found = await ctx.conferences.get(f"hn-{command.hold_by.year}-{level}")
        if found is not None:
            return found
    return None


async def readable(ctx: Context, principal: Principal, conference_id: str) -> Conference:
    """A conference, for the level's own people and the subtree roles above it."""
    conference = await ctx.conferences.get(conference_id)
    if conference is None:
        raise NotFound(
            "UNKNOWN_CONFERENCE", f"Không tìm thấy hội nghị '{conference_id}'.", field="conference_id"
        )
    if not principal.may(tuple(Role), conference.level_path):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không có quyền xem hội nghị của {conference.level_name}.",
            field="conference_id",
        )
    return conference


async def of_level(ctx: Context, principal: Principal, level_unit_id: str) -> list[Conference]:
    """A level's conferences, latest first, for those who may read them."""
    found = await ctx.conferences.of_levels([level_unit_id])
    return [c for c in found if principal.may(tuple(Role), c.level_path)]


async def office_of(ctx: Context, principal: Principal, conference_id: str) -> Conference:
    """The conference, once the caller is its level's standing office (or an admin above)."""
    conference = await readable(ctx, principal, conference_id)
    await level_office(ctx, principal, conference.level_unit_id, conference.hold_by)
    return conference


async def authorize_office(ctx: Context, principal: Principal, conference_id: str) -> None:
    """Only the conference's level's office changes it (checked before what it sent is read)."""
    await office_of(ctx, principal, conference_id)


async def send_delegates(
    ctx: Context, principal: Principal, conference_id: str, delegates: tuple[Delegate, ...]
) -> Conference:
    """The level's office sends its whole delegation (again: replaced) until it is confirmed."""
    conference = await office_of(ctx, principal, conference_id)
    _ensure_open(conference)
    after = replace(conference, delegates=checked_delegates(delegates))
    await _commit(ctx, lambda uow: ctx.conferences.stage_delegates(uow, after))
    return after


async def confirm(ctx: Context, principal: Principal, conference_id: str) -> Conference:
    """The office confirms the delegation: refused with every shortfall named while a rule is broken."""
    conference = await office_of(ctx, principal, conference_id)
    _ensure_open(conference)
    after = conference.confirmed(ctx.now())
    await _commit(ctx, lambda uow: ctx.conferences.stage_confirmed(uow, after))
    return after


@dataclass(frozen=True)
class Held:
    """What the results report says: the day held, attendance, honoured, a summary."""

    held_on: date
    attended: int
    honoured: int
    summary: str


async def report(ctx: Context, principal: Principal, conference_id: str, held: Held) -> Conference:
    """The office reports its conference held (`conference.reported`, on time or not by the parent's day)."""
    conference = await office_of(ctx, principal, conference_id)
    if conference.report is not None:
        raise Conflict("ALREADY_REPORTED", "Hội nghị này đã được báo cáo kết quả.", field="held_on")
    now = ctx.now()
    summary = nfc(held.summary).strip()
    after = conference.reported(
        Report(held.held_on, held.attended, held.honoured, summary, now, principal.subject)
    )
    parent = await ctx.conferences.get(conference.parent_id) if conference.parent_id else None
    due = parent.reports_due if parent else None
    payload = ConferenceReported(
        conference_id=conference.conference_id, level_unit_id=conference.level_unit_id,
        level_name=conference.level_name, parent_conference_id=conference.parent_id, held_on=held.held_on,
        attended=held.attended, honoured=held.honoured, on_time=None if due is None else ctx.today() <= due,
        reported_at=now,
    )  # fmt: skip
    path = list(conference.level_path)
    event = new_event("conference.reported", unit_path=path, actor=principal.subject, payload=payload)
    await _commit(ctx, lambda uow: ctx.conferences.stage_report(uow, after, event))
    return after


def _ensure_open(conference: Conference) -> None:
    if conference.confirmed_at is not None:
        raise Conflict(
            "DELEGATION_CONFIRMED", "Danh sách đại biểu đã được chốt; không sửa được nữa.", field="delegates"
        )


async def _commit(ctx: Context, stage: Callable[[UnitOfWork], None]) -> None:
    uow = UnitOfWork()
    stage(uow)
    try:
        await uow.commit()
    except StaleWrite:
        raise Conflict(
            "CONCURRENT_CHANGE", "Hội nghị vừa được thay đổi; hãy tải lại và thử lại.", field="conference_id"
        ) from None


async def send_sheet(ctx: Context, principal: Principal, conference_id: str, content: bytes) -> Conference:
    """The delegation from the filled sheet: every row or none, each fault with its row and column."""
    await office_of(ctx, principal, conference_id)
    found, errors = delegates_from_rows(read_rows(content, DELEGATE_COLUMNS))
    if errors:
        raise refuse_rows(errors, "Danh sách đại biểu")
    return await send_delegates(ctx, principal, conference_id, tuple(found))


async def sheet_template(ctx: Context, principal: Principal, conference_id: str) -> bytes:
    """The empty delegates' sheet of the conference, to fill."""
    conference = await readable(ctx, principal, conference_id)
    note = "Mỗi đại biểu một dòng, từ dòng 4. Cột có (x): đánh dấu x nếu đúng."
    return template("Đại biểu", f"DANH SÁCH ĐẠI BIỂU — {conference.name.upper()}", note,
                    [h for _, h in DELEGATE_COLUMNS])  # fmt: skip
