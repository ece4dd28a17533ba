"""The initiative council's pages: a level's initiatives, one initiative's sheet, marks and the decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.initiatives import marks_from, scopes_open
from portal.domain.office import CHECK_FIELDS, day_from_vi, reasons_from
from portal.usecases.council import COUNCIL_ROLES, VOTERS
from portal.usecases.home import Workplace, workplaces
from portal.usecases.office import level_of
from portal.usecases.office_nomination import for_form, refusal

NOT_YET = ApiError(
    404, "UNKNOWN_INITIATIVE", "Hội đồng chưa nhận sáng kiến này (vừa gửi): hãy xem lại sau ít phút."
)


@dataclass(frozen=True)
class Shelf:
    """Which of a level's initiatives: in a status ("" for all), which page."""

    level_id: str
    status: str = ""
    skip: int = 0
    limit: int = 20


@dataclass(frozen=True)
class InitiativesPage:
    """A page of the initiatives before a level's council."""

    level: Workplace
    items: list[dict[str, Any]]
    total: int
    shelf: Shelf


async def initiatives_of(
    review: ServiceApi, access: ServiceApi, now: datetime, shelf: Shelf
) -> InitiativesPage:
    """The initiatives sent to the level's council, oldest first, for its office, council and viewers."""
    level = await level_of(access, now, shelf.level_id, COUNCIL_ROLES)
    found = await review.get(
        "/initiatives", level_unit_id=shelf.level_id, status=shelf.status or None, limit=shelf.limit,
        skip=shelf.skip,
    )  # fmt: skip
    return InitiativesPage(level, list(found["items"]), int(found["total"]), shelf)


@dataclass(frozen=True)
class InitiativeView:
    """An initiative as one person sees it: the sheet's criteria, their roles at its level, their marks."""

    initiative: dict[str, Any]
    criteria: list[dict[str, Any]]
    pass_mark: int
    roles: tuple[str, ...]
    subject: str
    level_kind: str | None

    @property
    def pending(self) -> bool:
        """Still before the council."""
        return bool(self.initiative["status"] == "submitted")

    @property
    def may_score(self) -> bool:
        """A member (or the chair) of the level's council marks it while it is pending."""
        return self.pending and bool(VOTERS.intersection(self.roles))

    @property
    def may_decide(self) -> bool:
        """The level's chair decides it once someone marked it."""
        return self.pending and "council_chair" in self.roles and bool(self.initiative["scores"])

    @property
    def my_marks(self) -> dict[str, int]:
        """The marks this person gave already (the sheet shows them for a correction)."""
        mine = [s for s in self.initiative["scores"] if s["member"] == self.subject]
        return dict(mine[0]["marks"]) if mine else {}

    @property
    def scopes(self) -> list[tuple[str, str]]:
        """The scopes the chair may recognise it at."""
        return scopes_open(self.initiative["claimed_scope"], self.level_kind)


async def initiative_view(
    review: ServiceApi, access: ServiceApi, now: datetime, submission_id: str, subject: str
) -> InitiativeView:
    """One initiative (review decides who may read it), the sheet, and the person's roles at its level."""
    try:
        initiative = await review.get(f"/initiatives/{submission_id}")
    except ApiError as error:
        raise NOT_YET if error.status == 404 else error from None
    sheet = await review.get("/initiative-criteria")
    level = initiative["level_unit_id"]
    roles = next((p.roles for p in await workplaces(access, now) if p.unit_id == level), ())
    kind = {"cap_thanh_pho": "city", "cap_huyen": "district"}.get(initiative["council_scope"])
    return InitiativeView(initiative, list(sheet["criteria"]), int(sheet["pass_mark"]), roles, subject, kind)


async def score(
    review: ServiceApi, submission_id: str, member_name: str, typed: dict[str, str], comment: str, key: str
) -> None:
    """A member's marks on the three criteria (whole numbers; the service checks each maximum)."""
    sheet = await review.get("/initiative-criteria")
    marks, wrong = marks_from(typed, sheet["criteria"])
    if wrong:
        raise ApiError(422, "VALIDATION_ERROR", CHECK_FIELDS, next(iter(wrong)), wrong)
    body = {"member_name": member_name, "marks": marks, "comment": comment.strip()}
    try:
        await review.post(f"/initiatives/{submission_id}/scores", body, key=key)
    except ApiError as error:
        raise for_form(error, ["marks", "comment"]) from None


@dataclass(frozen=True)
class Verdict:
    """What the chair's form posts, as typed."""

    recognised: str
    scope: str
    number: str
    signed_on: str
    reasons: str


async def decide(review: ServiceApi, submission_id: str, verdict: Verdict, key: str) -> None:
    """The chair's decision: recognised at a scope with its number and day, or not with reasons."""
    if verdict.recognised not in ("yes", "no"):
        raise refusal("recognised", "Hãy chọn công nhận hay không công nhận sáng kiến.")
    signed_on = day_from_vi(verdict.signed_on)
    if signed_on is None:
        raise refusal("signed_on", "Ngày ký cần theo dạng dd/mm/yyyy, ví dụ 01/06/2020.")
    recognised = verdict.recognised == "yes"
    body = {
        "recognised": recognised,
        "scope": verdict.scope or None if recognised else None,
        "decision_number": verdict.number.strip() or None,
        "signed_on": signed_on.isoformat(),
        "reasons": reasons_from(verdict.reasons),
    }
    try:
        await review.post(f"/initiatives/{submission_id}/decision", body, key=key)
    except ApiError as error:
        raise for_form(error, ["scope", "decision_number", "reasons", "scores"]) from None
