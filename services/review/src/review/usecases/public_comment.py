"""The public-comment period: the office publishes a voted nomination before the decision (ADR 0012)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from emutrack_contracts import new_event
from emutrack_contracts.events.review import PublicCommentOpened
from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from emutrack_kit.text import nfc
from emutrack_kit.unit_of_work import UnitOfWork
from review.domain.history import label
from review.domain.nomination_parts import PublicComment
from review.domain.nomination_record import NominationRecord, Step
from review.domain.working_days import comment_period
from review.usecases.access import ensure_level_office, visible_nomination
from review.usecases.context import Context
from review.usecases.holidays import days_off_calendar
from review.usecases.writes import commit


@dataclass(frozen=True)
class OpenComment:
    """Where and from when a voted nomination is published for public comment."""

    nomination_id: str
    published_on: date
    channel: str


async def open_public_comment(ctx: Context, principal: Principal, command: OpenComment) -> NominationRecord:
    """Publish the voted nomination for public comment; the decision waits until the period is over."""
    seen = await visible_nomination(ctx, principal, command.nomination_id)
    record = seen.record
    ensure_level_office(principal, seen, "công bố lấy ý kiến nhân dân")
    if record.status != "voted":
        raise Conflict(
            "NOT_VOTED", "Chỉ công bố lấy ý kiến hồ sơ đã được Hội đồng bỏ phiếu thông qua.", field="status"
        )
    if record.public_comment:
        raise Conflict(
            "COMMENT_ALREADY_OPEN",
            f"Hồ sơ đã được công bố lấy ý kiến từ {record.public_comment.published_on.isoformat()}.",
            field="published_on",
        )
    published_on, channel, now = command.published_on, nfc(command.channel).strip(), ctx.clock()
    days_off, make_up = await days_off_calendar(ctx)
    working_days, ends_on = comment_period(record.award_code, published_on, holidays=days_off, extra=make_up)
    period = PublicComment(published_on, channel, working_days, ends_on, principal.subject, now)
    reason = (
        f"Công bố lấy ý kiến nhân dân trên {channel} từ {published_on:%d/%m/%Y}, "
        f"{working_days} ngày làm việc, đến hết ngày {ends_on:%d/%m/%Y}"
    )
    payload = PublicCommentOpened(
        nomination_id=record.nomination_id, dossier_id=record.dossier_id, year=record.year,
        proposing_unit_id=record.proposing_unit_id, level_unit_id=record.level_unit_id,
        subject_name=record.subject_name, award_code=record.award_code, award_name=label(record.award_code),
        published_on=published_on, channel=channel, working_days=working_days, ends_on=ends_on,
    )  # fmt: skip
    event = new_event(
        "public_comment.opened", unit_path=list(seen.unit_path), actor=principal.subject, occurred_at=now,
        payload=payload,
    )  # fmt: skip
    step = Step("voted", now, principal.subject, (reason,))
    after = replace(record.moved(step), public_comment=period)
    uow = UnitOfWork()
    ctx.nominations.stage_step(uow, after, "voted", event, ("public_comment",))
    await commit(uow)
    return (await visible_nomination(ctx, principal, command.nomination_id)).record
