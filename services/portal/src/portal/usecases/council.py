"""Journey 3: a level's council sessions — plan, agenda, attendance, secret ballot, tallies, decisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.council import CHOICE_CODES, absent, passed_by_award, vote_mode
from portal.usecases.home import Workplace
from portal.usecases.office import level_of
from portal.usecases.office_nomination import for_form, refusal

COUNCIL_ROLES = frozenset({"standing_office", "council_member", "council_chair", "viewer"})
CHAIRING = frozenset({"standing_office", "council_chair"})
VOTERS = frozenset({"council_member", "council_chair"})


@dataclass(frozen=True)
class SessionsPage:
    """A page of a level's sessions, the latest first."""

    level: Workplace
    items: list[dict[str, Any]]
    total: int
    skip: int
    limit: int

    @property
    def may_plan(self) -> bool:
        """The level's office plans its council's sessions."""
        return "standing_office" in self.level.roles


async def sessions_of(
    review: ServiceApi, access: ServiceApi, now: datetime, level_id: str, skip: int, limit: int
) -> SessionsPage:
    """The level's sessions, for its office, council and viewers."""
    level = await level_of(access, now, level_id, COUNCIL_ROLES)
    found = await review.get("/sessions", level_unit_id=level_id, limit=limit, skip=skip)
    return SessionsPage(level, list(found["items"]), int(found["total"]), skip, limit)


async def plan(review: ServiceApi, level_id: str, name: str, held_on: date | None, key: str) -> str:
    """The office plans a session of its council; the new session's id."""
    if held_on is None:
        raise refusal("held_on", "Ngày họp cần theo dạng dd/mm/yyyy, ví dụ 28/12/2020.")
    body = {"level_unit_id": level_id, "held_on": held_on.isoformat(), "name": name.strip()}
    try:
        return str((await review.post("/sessions", body, key=key))["session_id"])
    except ApiError as error:
        raise for_form(error, ["name", "held_on"]) from None


@dataclass(frozen=True)
class SessionView:
    """A session as one person sees it: their roles at the level, whether they sit on this council."""

    session: dict[str, Any]
    level: Workplace
    subject: str
    nominations: dict[str, dict[str, Any]] = field(default_factory=dict)  # the agenda's, as they are now

    @property
    def is_member(self) -> bool:
        """The person votes in this session (a member of the council when it was planned)."""
        return self.subject in self.session["members"] and bool(VOTERS.intersection(self.level.roles))

    @property
    def chairs(self) -> bool:
        """The person records attendance, opens and closes (the chair or the office)."""
        return bool(CHAIRING.intersection(self.level.roles))

    @property
    def signs(self) -> bool:
        """The person signs the level's decisions (its council's chair)."""
        return "council_chair" in self.level.roles and self.subject == self.session["chair_id"]

    @property
    def is_office(self) -> bool:
        """The person is the level's standing office."""
        return "standing_office" in self.level.roles

    @property
    def mode(self) -> str:
        """How this member votes: in person when present, else in writing."""
        return vote_mode(self.session["present"], self.subject)

    @property
    def absent(self) -> list[str]:
        """The members not present."""
        return absent(self.session["members"], self.session["present"])

    def status_of(self, nomination_id: str) -> str:
        """An agenda item's nomination's status now."""
        return str(self.nominations.get(nomination_id, {}).get("status", ""))

    def decision_of(self, nomination_id: str) -> str | None:
        """The decision an agenda item's nomination was decided by, if any."""
        found = self.nominations.get(nomination_id, {}).get("decision_id")
        return str(found) if found else None

    def unit_of(self, nomination_id: str) -> str:
        """The name of the unit proposing an agenda item."""
        return str(self.nominations.get(nomination_id, {}).get("proposing_unit_name", ""))

    @property
    def passed(self) -> dict[str, list[Any]]:
        """The passed items still to decide, by award."""
        grouped = passed_by_award(self.session["agenda"])
        waiting = {
            award: [i for i in items if self.status_of(str(i["nomination_id"])) == "voted"]
            for award, items in grouped.items()
        }
        return {award: items for award, items in waiting.items() if items}


async def session_view(
    review: ServiceApi, access: ServiceApi, now: datetime, session_id: str, subject: str
) -> SessionView:
    """The session, the person's roles at its level, and its agenda's nominations as they are now."""
    session = await review.get(f"/sessions/{session_id}")
    level = await level_of(access, now, session["level_unit_id"], COUNCIL_ROLES)
    nominations = {
        str(item["nomination_id"]): await review.get(f"/nominations/{item['nomination_id']}")
        for item in session["agenda"]
    }
    return SessionView(session, level, subject, nominations)


async def attendance(review: ServiceApi, session_id: str, present: Sequence[str]) -> Any:
    """Record the members present."""
    try:
        return await review.put(f"/sessions/{session_id}/attendance", {"present": list(present)})
    except ApiError as error:
        raise for_form(error, ["present"]) from None


async def open_session(review: ServiceApi, session_id: str, key: str) -> Any:
    """Open the session: every item's ballot opens."""
    return await review.post(f"/sessions/{session_id}/open", key=key)


async def close_session(review: ServiceApi, session_id: str, key: str) -> Any:
    """Close the session: ballots are counted and only the tallies published."""
    return await review.post(f"/sessions/{session_id}/close", key=key)


async def vote(
    review: ServiceApi, session_id: str, nomination_id: str, choice: str, mode: str, key: str
) -> None:
    """Cast the member's secret vote; nothing of it is returned or kept by the portal."""
    if choice not in CHOICE_CODES:
        raise refusal("choice", "Hãy chọn một trong ba ý kiến: đồng ý, không đồng ý, không biểu quyết.")
    body = {"choice": choice, "mode": mode}
    await review.post(f"/sessions/{session_id}/items/{nomination_id}/votes", body, key=key)


@dataclass(frozen=True)
class Decision:
    """What the chair signs: number, day, award, and the passed nominations it honours."""

    level_unit_id: str
    number: str
    signed_on: date | None
    award_code: str
    nomination_ids: tuple[str, ...]


async def decide(review: ServiceApi, decision: Decision, key: str) -> Any:
    """The chair issues the level's decision (the same number sent twice is one decision)."""
    if not decision.number.strip():
        raise refusal("number", "Cần số quyết định, ví dụ 1234/QĐ-UBND.")
    if decision.signed_on is None:
        raise refusal("signed_on", "Ngày ký cần theo dạng dd/mm/yyyy, ví dụ 30/12/2020.")
    if not decision.nomination_ids:
        raise refusal("nomination_ids", "Hãy chọn ít nhất một tập thể, cá nhân được khen thưởng.")
    body = {
        "level_unit_id": decision.level_unit_id, "number": decision.number.strip(),
        "signed_on": decision.signed_on.isoformat(), "award_code": decision.award_code,
        "nomination_ids": list(decision.nomination_ids),
    }  # fmt: skip
    try:
        return await review.post("/decisions", body, key=key)
    except ApiError as error:
        raise for_form(error, ["number", "signed_on", "nomination_ids", "award_code"]) from None
