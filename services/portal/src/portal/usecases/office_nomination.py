"""Journey 2: a nomination at the office: return with reasons, appraise, accept, agenda, publish, send up."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.office import CHECK_FIELDS, day_from_vi, form_fields, reasons_from
from portal.usecases.office import Choice

MIN_REASON = 5  # review's ReturnIn: each reason at least 5 characters


def refusal(field: str, message: str) -> ApiError:
    """The portal's own refusal of a box left wrong (the service would refuse it less clearly)."""
    return ApiError(422, "VALIDATION_ERROR", CHECK_FIELDS, field, {field: message})


def for_form(error: ApiError, known: Iterable[str]) -> ApiError:
    """The service's refusal with its fields under the form's names (and no ids in the alert)."""
    names = list(known)
    fields = form_fields(error.fields, names)
    shown = any(n in fields for n in names)
    message = CHECK_FIELDS if error.code == "VALIDATION_ERROR" and shown else error.message
    return dataclasses.replace(error, message=message, fields=fields)


@dataclass(frozen=True)
class NominationView:
    """A nomination as its level's office works on it, and the sessions it may go to."""

    nomination: dict[str, Any]
    sessions: list[Choice]


async def nomination_view(review: ServiceApi, nomination_id: str) -> NominationView:
    """The nomination; when accepted, the level's sessions not yet closed (for its agenda)."""
    nomination = await review.get(f"/nominations/{nomination_id}")
    sessions: list[Choice] = []
    if nomination["status"] == "appraised":
        page = await review.get("/sessions", level_unit_id=nomination["level_unit_id"], limit=50)
        sessions = [Choice(s["session_id"], s["name"]) for s in page["items"] if s["status"] != "closed"]
    return NominationView(nomination, sessions)


async def return_with(review: ServiceApi, nomination_id: str, text: str, key: str) -> Any:
    """Return the nomination with the reasons typed one per line."""
    reasons = reasons_from(text)
    if not reasons:
        raise refusal("reasons", "Cần ghi ít nhất một lý do trả lại, mỗi lý do một dòng.")
    if any(len(r) < MIN_REASON for r in reasons):
        raise refusal("reasons", f"Mỗi lý do cần ít nhất {MIN_REASON} ký tự, nói rõ đơn vị cần bổ sung gì.")
    try:
        return await review.post(f"/nominations/{nomination_id}/return", {"reasons": reasons}, key=key)
    except ApiError as error:
        raise for_form(error, ["reasons"]) from None


async def appraise(review: ServiceApi, nomination_id: str, key: str) -> Any:
    """Run the award's rules on the nomination (the result is frozen and explained)."""
    return await review.post(f"/nominations/{nomination_id}/appraisal", key=key)


async def accept(review: ServiceApi, nomination_id: str, reason: str, key: str) -> Any:
    """Accept the appraised nomination for the council (a reason where the rules could not tell)."""
    body = {"override_reason": reason.strip() or None}
    try:
        return await review.post(f"/nominations/{nomination_id}/accept", body, key=key)
    except ApiError as error:
        raise for_form(error, ["override_reason"]) from None


async def open_comment(
    review: ServiceApi, nomination_id: str, published_on: date | None, channel: str, key: str
) -> Any:
    """Publish the voted nomination for public comment from a day, on a channel."""
    if published_on is None:
        raise refusal("published_on", "Ngày công bố cần theo dạng dd/mm/yyyy, ví dụ 10/12/2020.")
    body = {"published_on": published_on.isoformat(), "channel": channel}
    try:
        return await review.post(f"/nominations/{nomination_id}/public-comment", body, key=key)
    except ApiError as error:
        raise for_form(error, ["published_on", "channel"]) from None


async def forward(review: ServiceApi, nomination_id: str, key: str) -> Any:
    """Send the voted nomination up to the parent level."""
    return await review.post(f"/nominations/{nomination_id}/forward", key=key)


@dataclass(frozen=True)
class CentralOutcomeTyped:
    """What the office typed from the central decision that came back."""

    number: str
    signed_on: str
    decided_by: str
    awarded: bool
    reason: str


async def record_central(review: ServiceApi, nomination_id: str, typed: CentralOutcomeTyped, key: str) -> Any:
    """Record the decision taken above the city for a nomination sent there (award, or not and why)."""
    day = day_from_vi(typed.signed_on)
    if day is None:
        raise refusal("signed_on", "Ngày ký cần theo dạng dd/mm/yyyy, ví dụ 02/03/2021.")
    body = {"number": typed.number.strip(), "signed_on": day.isoformat(), "decided_by": typed.decided_by,
            "awarded": typed.awarded, "reason": typed.reason}  # fmt: skip
    try:
        return await review.post(f"/nominations/{nomination_id}/central-outcome", body, key=key)
    except ApiError as error:
        raise for_form(error, ["number", "signed_on", "decided_by", "reason"]) from None


async def put_on_agenda(review: ServiceApi, session_id: str, nomination_id: str, key: str) -> Any:
    """Put the accepted nomination on a session's agenda."""
    if not session_id:
        raise refusal("session_id", "Hãy chọn phiên họp.")
    try:
        return await review.post(f"/sessions/{session_id}/agenda", {"nomination_id": nomination_id}, key=key)
    except ApiError as error:
        raise for_form(error, ["session_id"]) from None
