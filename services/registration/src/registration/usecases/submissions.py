"""Use cases of initiatives and exemplars: submit into a round, read, list, withdraw before the deadline."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pydantic import BaseModel

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import (
    ExemplarSubmitted,
    InitiativeAuthor,
    InitiativeSubmitted,
    SubmissionWithdrawn,
)
from emutrack_kit.auth import Principal, Reach, Role
from emutrack_kit.errors import Forbidden, NotFound
from emutrack_kit.idempotency import create_once, new_id, request_digest
from emutrack_kit.repository import Page
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import StaleWrite, UnitOfWork
from registration.domain.history import HistoryEntry
from registration.domain.submissions import (
    KIND_VI,
    Initiative,
    Proposal,
    Submission,
    SubmissionFilter,
    SubmissionKind,
    checked,
    ensure_round_for,
    ensure_withdrawable,
    ensure_within_receiver,
    kind_of,
)
from registration.usecases.access import READERS, forbidden_unit, scope
from registration.usecases.context import Context
from registration.usecases.lookups import known_unit

WITHDRAWERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.ADMIN)
_PREFIX: dict[str, str] = {"initiative": "sk", "exemplar": "dh"}


@dataclass(frozen=True)
class Propose:
    """A unit proposes an initiative or an exemplar in a round (as sent: checked by the use case)."""

    round_id: str
    unit_id: str
    proposal: Proposal
    idempotency_key: str | None = None


async def submit(ctx: Context, principal: Principal, command: Propose) -> tuple[Submission, bool]:
    """A unit's officer proposes an initiative or an exemplar in a round; returns (record, created)."""
    kind = kind_of(command.proposal)
    found = await scope(ctx, principal, command.round_id, command.unit_id)
    ensure_round_for(kind, found.round)
    receiver = await known_unit(ctx, found.round.receiving_unit_id)
    ensure_within_receiver(command.proposal, receiver.kind, receiver.name)
    now = ctx.now()
    found.round.ensure_open(now, found.unit.unit_id)
    submission_id = new_id(_PREFIX[kind], principal.subject, command.idempotency_key)
    digest = request_digest({k: v for k, v in asdict(command).items() if k != "idempotency_key"})
    submission = Submission(
        submission_id=submission_id,
        kind=kind,
        round_id=command.round_id,
        year=found.round.year,
        unit_id=found.unit.unit_id,
        unit_name=found.unit.name,
        unit_path=found.path,
        receiving_unit_id=found.round.receiving_unit_id,
        status="submitted",
        submitted_by=principal.subject,
        submitted_at=now,
        proposal=checked(command.proposal, ctx.today()),
        history=(HistoryEntry("submitted", now, principal.subject),),
    )

    async def create() -> Submission:
        uow = UnitOfWork()
        ctx.submissions.add(uow, submission, _submitted_event(submission), digest)
        await uow.commit()
        return submission

    return await create_once(create, lambda: ctx.submissions.created_by(submission_id), digest)


def _submitted_event(s: Submission) -> Envelope:
    common = {
        "submission_id": s.submission_id,
        "round_id": s.round_id,
        "year": s.year,
        "unit_id": s.unit_id,
        "unit_name": s.unit_name,
        "receiving_unit_id": s.receiving_unit_id,
        "submitted_at": s.submitted_at,
    }
    payload: BaseModel
    if isinstance(s.proposal, Initiative):
        authors = [InitiativeAuthor(**asdict(a)) for a in s.proposal.authors]
        payload = InitiativeSubmitted(**common, **{**asdict(s.proposal), "authors": authors})
    else:
        payload = ExemplarSubmitted(**common, **asdict(s.proposal))
    return new_event(
        f"{s.kind}.submitted",
        unit_path=list(s.unit_path),
        actor=s.submitted_by,
        occurred_at=s.submitted_at,
        payload=payload,
    )


async def get_submission(
    ctx: Context, principal: Principal, kind: SubmissionKind, submission_id: str
) -> Submission:
    """One initiative or exemplar, if the caller's bindings reach its unit."""
    submission = await ctx.submissions.get(submission_id)
    if submission is None or submission.kind != kind:
        raise NotFound("UNKNOWN_SUBMISSION", f"Không tìm thấy {KIND_VI[kind]} '{submission_id}'.")
    if not principal.may(READERS, submission.unit_path):
        raise forbidden_unit(submission.unit_name, "xem hồ sơ của")
    return submission


async def list_submissions(
    ctx: Context, principal: Principal, kind: SubmissionKind, wanted: SubmissionFilter, limit: int, skip: int
) -> Page[Submission]:
    """Initiatives or exemplars the caller reaches; `unit_id` selects a subtree, `q` ignores accents."""
    return await ctx.submissions.search(Reach.of(principal), kind, wanted, limit, skip)


@dataclass(frozen=True)
class Withdraw:
    """A unit withdraws its initiative or exemplar, with an optional reason."""

    kind: SubmissionKind
    submission_id: str
    reason: str | None = None


async def withdraw(ctx: Context, principal: Principal, command: Withdraw) -> Submission:
    """The unit withdraws its proposal before the round's deadline; publishes `submission.withdrawn`."""
    submission = await get_submission(ctx, principal, command.kind, command.submission_id)
    if not principal.may(WITHDRAWERS, submission.unit_path):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Chỉ cán bộ, thủ trưởng của '{submission.unit_name}' mới rút được hồ sơ này.",
            field="unit_id",
        )
    ensure_withdrawable(submission.status)
    round_ = await ctx.rounds.get(submission.round_id)
    assert round_ is not None
    now = ctx.now()
    round_.ensure_open(now, submission.unit_id)
    reason = nfc(command.reason) if command.reason else None
    event = new_event(
        "submission.withdrawn",
        unit_path=list(submission.unit_path),
        actor=principal.subject,
        occurred_at=now,
        payload=SubmissionWithdrawn(
            submission_id=submission.submission_id,
            kind=submission.kind,
            round_id=submission.round_id,
            year=submission.year,
            unit_id=submission.unit_id,
            reason=reason,
            withdrawn_at=now,
        ),
    )
    uow = UnitOfWork()
    ctx.submissions.withdraw(
        uow, submission.submission_id, HistoryEntry("withdrawn", now, principal.subject, reason), event
    )
    try:
        await uow.commit()
    except StaleWrite:
        ensure_withdrawable("withdrawn")
    return await get_submission(ctx, principal, command.kind, command.submission_id)
