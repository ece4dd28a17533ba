"""Use case of the public-comment period: the office publishes a voted nomination before the decision."""

from __future__ import annotations

from datetime import date
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.review import PublicCommentOpened
from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict
from emutrack_kit.text import nfc
from review.domain.history import label
from review.domain.working_days import comment_period
from review.handlers import Deps
from review.nomination_handlers import PRODUCER, ensure_level_office, get_nomination


async def open_public_comment(
    deps: Deps, principal: Principal, identifier: str, published_on: date, channel: str
) -> dict[str, Any]:
    """Publish the voted nomination for public comment; the decision waits until the period is over."""
    doc = await get_nomination(deps, principal, identifier)
    ensure_level_office(principal, doc, "công bố lấy ý kiến nhân dân")
    if doc["status"] != "voted":
        raise Conflict(
            "NOT_VOTED", "Chỉ công bố lấy ý kiến hồ sơ đã được Hội đồng bỏ phiếu thông qua.", field="status"
        )
    if doc.get("public_comment"):
        raise Conflict(
            "COMMENT_ALREADY_OPEN",
            f"Hồ sơ đã được công bố lấy ý kiến từ {doc['public_comment']['published_on']}.",
            field="published_on",
        )
    working_days, ends_on = comment_period(doc["award_code"], published_on)
    channel = nfc(channel).strip()
    now = deps.clock()
    period = {
        "published_on": published_on.isoformat(),
        "channel": channel,
        "working_days": working_days,
        "ends_on": ends_on.isoformat(),
        "by": principal.subject,
        "at": now,
    }
    reasons = [
        f"Công bố lấy ý kiến nhân dân trên {channel} từ {published_on:%d/%m/%Y}, "
        f"{working_days} ngày làm việc, đến hết ngày {ends_on:%d/%m/%Y}"
    ]
    payload = PublicCommentOpened(
        nomination_id=doc["_id"], dossier_id=doc["dossier_id"], year=doc["year"],
        proposing_unit_id=doc["proposing_unit_id"], level_unit_id=doc["level_unit_id"],
        subject_name=doc["subject_name"], award_code=doc["award_code"], award_name=label(doc["award_code"]),
        published_on=published_on, channel=channel, working_days=working_days, ends_on=ends_on,
    )  # fmt: skip
    event = new_event(
        "public_comment.opened",
        producer=PRODUCER,
        unit_path=list(doc["unit_path"]),
        actor=principal.subject,
        occurred_at=now,
        payload=payload,
    )
    history = {"status": "voted", "at": now, "by": principal.subject, "reasons": reasons}
    fields = {"public_comment": period}
    if not await deps.nominations.change_status(identifier, "voted", "voted", history, event, fields):
        raise Conflict("CONCURRENT_CHANGE", "Hồ sơ vừa được thay đổi; hãy tải lại và thử lại.")
    return await get_nomination(deps, principal, identifier)
