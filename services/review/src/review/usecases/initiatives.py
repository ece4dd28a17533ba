"""Use cases of initiative recognition: receive from registration, list, score, decide (ADR 0023)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import InitiativeSubmitted, SubmissionWithdrawn
from emutrack_contracts.events.review import InitiativeDecided
from emutrack_contracts.initiatives import council_scope
from emutrack_kit.auth import SUBTREE_ROLES, Principal, Role
from emutrack_kit.errors import Forbidden, NotFound
from emutrack_kit.repository import Page
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import UnitOfWork
from review.domain.initiatives import (
    Author,
    Decision,
    InitiativeCase,
    Score,
    check_marks,
    reasons_of,
    scope_of,
)
from review.usecases.access import bound_to
from review.usecases.context import Context
from review.usecases.delivery import Delivery
from review.usecases.tree import as_successor, unit_path_today
from review.usecases.writes import commit

COUNCIL = (Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR)


async def receive(ctx: Context, submitted: InitiativeSubmitted, delivery: Delivery) -> None:
    """An initiative proposed in a round goes before the receiving level's council (once)."""
    authors = tuple(Author(a.full_name, a.position, a.contribution_percent) for a in submitted.authors)
    await ctx.initiatives.receive(
        InitiativeCase(
            submission_id=submitted.submission_id, round_id=submitted.round_id, year=submitted.year,
            unit_id=submitted.unit_id, unit_name=submitted.unit_name, unit_path=delivery.unit_path,
            level_unit_id=submitted.receiving_unit_id, title=submitted.title, field=submitted.field,
            authors=authors, claimed_scope=submitted.recognition_level, applied_since=submitted.applied_since,
            summary=submitted.summary, benefits=submitted.benefits, submitted_at=submitted.submitted_at,
        )
    )  # fmt: skip


async def withdraw(ctx: Context, withdrawn: SubmissionWithdrawn) -> None:
    """A withdrawn initiative leaves the council's list (a decided one stays decided)."""
    if withdrawn.kind == "initiative":
        await ctx.initiatives.withdraw(withdrawn.submission_id)


async def readable(ctx: Context, principal: Principal, submission_id: str) -> InitiativeCase:
    """An initiative, for its level's subtree roles and for its own unit's people."""
    case = await ctx.initiatives.get(submission_id)
    if case is None:
        raise NotFound("UNKNOWN_INITIATIVE", f"Không tìm thấy sáng kiến '{submission_id}'.")
    caller = as_successor(principal, await ctx.tree.tree())
    level_path = await unit_path_today(ctx, case.level_unit_id)
    if not (caller.may(SUBTREE_ROLES, level_path) or caller.may(tuple(Role), case.unit_path)):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không có quyền xem sáng kiến của {case.unit_name}.",
            field="submission_id",
        )
    return case


@dataclass(frozen=True)
class Shelf:
    """Which initiatives of a level's council: of a year, in a status (None: all)."""

    level_unit_id: str
    year: int | None = None
    status: str | None = None


async def at_level(
    ctx: Context, principal: Principal, shelf: Shelf, limit: int, skip: int
) -> Page[InitiativeCase]:
    """The initiatives before a level's council, for those whose roles reach the level."""
    await authorize_level_reader(ctx, principal, shelf.level_unit_id)
    return await ctx.initiatives.at_level(shelf.level_unit_id, shelf.year, shelf.status, limit, skip)


async def authorize_level_reader(ctx: Context, principal: Principal, level_unit_id: str) -> None:
    """The caller's subtree roles reach the level (checked before the list's filters are read)."""
    caller = as_successor(principal, await ctx.tree.tree())
    if not caller.may(SUBTREE_ROLES, await unit_path_today(ctx, level_unit_id)):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            "Tài khoản của bạn không được xem sáng kiến trình Hội đồng cấp này.",
            field="level_unit_id",
        )


@dataclass(frozen=True)
class Mark:
    """A council member's marks on an initiative."""

    submission_id: str
    member_name: str
    marks: Mapping[str, int]
    comment: str = ""


async def score(ctx: Context, principal: Principal, command: Mark) -> InitiativeCase:
    """A member of the level's council marks the initiative (again: their marks are replaced)."""
    case = await readable(ctx, principal, command.submission_id)
    _ensure_council(principal, case, COUNCIL, "thành viên Hội đồng")
    marks = check_marks(command.marks)
    mark = Score(
        principal.subject, nfc(command.member_name).strip(), marks, nfc(command.comment).strip(), ctx.clock()
    )
    after = case.scored(mark)
    uow = UnitOfWork()
    ctx.initiatives.stage_scores(uow, after)
    await commit(uow)
    return after


@dataclass(frozen=True)
class Decide:
    """The chair's decision on an initiative."""

    submission_id: str
    recognised: bool
    scope: str | None
    decision_number: str | None
    signed_on: date
    reasons: Sequence[str] = ()


async def decide(ctx: Context, principal: Principal, command: Decide) -> InitiativeCase:
    """The chair of the level's council recognises the initiative at a scope, or not (with reasons)."""
    case = await readable(ctx, principal, command.submission_id)
    _ensure_council(principal, case, (Role.COUNCIL_CHAIR,), "Chủ tịch Hội đồng")
    level = (await ctx.tree.tree()).get(case.level_unit_id)
    number = nfc(command.decision_number).strip() if command.decision_number else None
    scope = scope_of(command.scope) if command.recognised else None
    reasons = reasons_of(command.reasons)
    at = ctx.clock()
    decision = Decision(command.recognised, scope, number, command.signed_on, reasons, principal.subject, at)
    if case.decision is not None and case.decision.same_as(decision):
        uow = UnitOfWork()
        ctx.initiatives.stage_recognitions(uow, case)  # finishes what a crash after the decision left
        await commit(uow)
        return case
    after = case.decided(decision, council_scope(level.kind if level else None))
    payload = InitiativeDecided(
        submission_id=case.submission_id, round_id=case.round_id, year=case.year, unit_id=case.unit_id,
        unit_name=case.unit_name, level_unit_id=case.level_unit_id,
        level_name=level.name if level and level.name else case.level_unit_id, title=case.title,
        authors=[a.full_name for a in case.authors], claimed_scope=case.claimed_scope,
        recognised=decision.recognised, scope=decision.scope, mean_score=case.mean_total() or 0.0,
        decision_number=decision.decision_number, signed_on=decision.signed_on,
        reasons=list(decision.reasons),
    )  # fmt: skip
    event = new_event(
        "initiative.decided", unit_path=list(case.unit_path), actor=principal.subject,
        occurred_at=decision.at, payload=payload,
    )  # fmt: skip
    uow = UnitOfWork()
    ctx.initiatives.stage_decision(uow, after, event)
    await commit(uow)
    return after


async def authorize_scorer(ctx: Context, principal: Principal, submission_id: str) -> None:
    """The caller sits on the council of the initiative's level (checked before its marks are read)."""
    _ensure_council(principal, await readable(ctx, principal, submission_id), COUNCIL, "thành viên Hội đồng")


async def authorize_chair(ctx: Context, principal: Principal, submission_id: str) -> None:
    """The caller chairs the council of the initiative's level (checked before the decision is read)."""
    case = await readable(ctx, principal, submission_id)
    _ensure_council(principal, case, (Role.COUNCIL_CHAIR,), "Chủ tịch Hội đồng")


def _ensure_council(principal: Principal, case: InitiativeCase, roles: Sequence[Role], who: str) -> None:
    if not bound_to(principal, case.level_unit_id, roles):
        raise Forbidden(
            "NOT_LEVEL_COUNCIL", f"Chỉ {who} cấp xét sáng kiến này mới được thực hiện thao tác này.",
            field="submission_id",
        )  # fmt: skip
