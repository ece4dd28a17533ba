"""Council sessions (phiên họp Hội đồng TĐKT): agenda of appraised nominations, attendance, votes, results.

The public-comment period some awards require before a decision is in `review.domain.working_days`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Literal

from emutrack_kit.errors import Conflict, Forbidden, Unprocessable
from review.domain.ballots import (
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLDS,
    Ballot,
    Tally,
    ThresholdRule,
    open_ballot,
    threshold_for,
)
from review.domain.history import label

SessionStatus = Literal["planned", "open", "closed"]
Verdict = Literal["eligible", "not_eligible", "incomplete"]  # as eligibility.Appraisal.verdict


@dataclass(frozen=True)
class AppraisalSummary:
    """What a session needs of an appraisal: its verdict and the frozen snapshot it can be checked by."""

    nomination_id: str
    verdict: Verdict
    rule_set_version: int
    snapshot_hash: str
    appraised_on: date


@dataclass(frozen=True)
class ItemResult:
    """The outcome of one agenda item: the tally and whether it passed under the item's threshold."""

    session_id: str
    level_unit_id: str
    nomination_id: str
    award_code: str
    rule: ThresholdRule
    tally: Tally
    passed: bool


@dataclass(frozen=True)
class Endorsement:
    """A lower level's appraisal and council vote, carried by the nomination it forwarded."""

    level_unit_id: str
    nomination_id: str
    appraisal: AppraisalSummary
    result: ItemResult


@dataclass(frozen=True)
class Nomination:
    """A dossier proposed for an award at one level (`level_unit_id`: the level whose council votes)."""

    nomination_id: str
    dossier_ref: str
    award_code: str
    subject_kind: Literal["collective", "individual"]
    subject_id: str
    subject_name: str
    proposing_unit_id: str
    level_unit_id: str
    endorsements: tuple[Endorsement, ...] = ()
    # An ad hoc (đột xuất) deed, decided by the simplified procedure: no council vote needed (ADR 0031).
    simplified: bool = False


@dataclass(frozen=True)
class AgendaItem:
    """A nomination on the agenda, with the threshold its ballot is judged by."""

    number: int
    nomination: Nomination
    appraisal: AppraisalSummary
    rule: ThresholdRule


@dataclass(frozen=True)
class CouncilSession:
    """A session of a level's council: members (with the chair), date, agenda, attendance, state."""

    session_id: str
    level_unit_id: str
    held_on: date
    members: frozenset[str]
    chair_id: str
    quorum: Fraction = DEFAULT_QUORUM
    agenda: tuple[AgendaItem, ...] = ()
    present: frozenset[str] = frozenset()
    status: SessionStatus = "planned"

    def item(self, nomination_id: str) -> AgendaItem:
        """The agenda item of a nomination; NOT_ON_AGENDA otherwise."""
        for item in self.agenda:
            if item.nomination.nomination_id == nomination_id:
                return item
        raise Unprocessable(
            "NOT_ON_AGENDA", "Hồ sơ này không có trong chương trình phiên họp.", field="nomination_id"
        )

    def ballot_id(self, item: AgendaItem) -> str:
        """The id of an item's ballot."""
        return f"{self.session_id}/{item.number}"


def plan_session(
    session_id: str,
    level_unit_id: str,
    held_on: date,
    members: Iterable[str],
    chair_id: str,
    quorum: Fraction = DEFAULT_QUORUM,
) -> CouncilSession:
    """A planned session; the chair must be one of the members."""
    members_set = frozenset(members)
    if not members_set:
        raise Unprocessable("NO_MEMBERS", "Cần danh sách thành viên Hội đồng.", field="members")
    if chair_id not in members_set:
        raise Unprocessable(
            "CHAIR_NOT_MEMBER", "Chủ tịch Hội đồng phải có trong danh sách thành viên.", field="chair_id"
        )
    return CouncilSession(session_id, level_unit_id, held_on, members_set, chair_id, quorum)


def _ensure_status(session: CouncilSession, allowed: Iterable[SessionStatus], doing: str) -> None:
    if session.status not in allowed:
        names = {"planned": "chưa họp", "open": "đang họp", "closed": "đã kết thúc"}
        raise Conflict(
            "SESSION_CLOSED" if session.status == "closed" else "SESSION_NOT_OPEN",
            f"Không thể {doing}: phiên họp {names[session.status]}.",
            field="status",
        )


def add_item(
    session: CouncilSession,
    nomination: Nomination,
    appraisal: AppraisalSummary,
    rule: ThresholdRule | None = None,
    thresholds: Mapping[str, ThresholdRule] = DEFAULT_THRESHOLDS,
) -> CouncilSession:
    """Put an appraised-eligible nomination of this level on the agenda (rule: the award's, unless given)."""
    _ensure_status(session, ("planned", "open"), "thêm hồ sơ vào chương trình")
    if appraisal.nomination_id != nomination.nomination_id or appraisal.verdict != "eligible":
        raise Conflict(
            "NOT_APPRAISED",
            f"Hồ sơ đề nghị '{label(nomination.award_code)}' cho {nomination.subject_name} chưa được "
            "thẩm định đủ điều kiện; chỉ hồ sơ đủ điều kiện mới đưa ra Hội đồng.",
            field="nomination_id",
        )
    if nomination.level_unit_id != session.level_unit_id:
        raise Forbidden(
            "NOT_FOR_THIS_LEVEL",
            "Hồ sơ được gửi tới cấp khác, không thuộc Hội đồng này.",
            field="nomination_id",
        )
    if any(i.nomination.nomination_id == nomination.nomination_id for i in session.agenda):
        raise Conflict(
            "ALREADY_ON_AGENDA", "Hồ sơ đã có trong chương trình phiên họp.", field="nomination_id"
        )
    item = AgendaItem(
        len(session.agenda) + 1,
        nomination,
        appraisal,
        rule or threshold_for(nomination.award_code, thresholds),
    )
    return replace(session, agenda=(*session.agenda, item))


def record_attendance(session: CouncilSession, present: Iterable[str]) -> CouncilSession:
    """The members present at the session (absent ones may still vote in writing)."""
    _ensure_status(session, ("planned", "open"), "điểm danh")
    present_set = frozenset(present)
    outsiders = sorted(present_set - session.members)
    if outsiders:
        raise Forbidden(
            "NOT_A_MEMBER", f"Không phải thành viên Hội đồng: {', '.join(outsiders)}.", field="present"
        )
    return replace(session, present=present_set)


def open_session(session: CouncilSession) -> CouncilSession:
    """Open a planned session that has an agenda."""
    _ensure_status(session, ("planned",), "khai mạc")
    if not session.agenda:
        raise Conflict("EMPTY_AGENDA", "Chưa có hồ sơ nào trong chương trình phiên họp.", field="agenda")
    return replace(session, status="open")


def close_session(session: CouncilSession) -> CouncilSession:
    """Close an open session."""
    _ensure_status(session, ("open",), "bế mạc")
    return replace(session, status="closed")


def item_ballot(session: CouncilSession, nomination_id: str) -> Ballot:
    """The secret ballot of one agenda item, over the members and the attendance of the open session."""
    _ensure_status(session, ("open",), "bỏ phiếu")
    item = session.item(nomination_id)
    n = item.nomination
    question = f"Đề nghị tặng '{label(n.award_code)}' cho {n.subject_name}"
    return open_ballot(
        session.ballot_id(item), question, session.members, session.present, quorum=session.quorum
    )


def record_result(session: CouncilSession, nomination_id: str, tally: Tally) -> ItemResult:
    """The item's result: its tally judged by the item's threshold (whatever rule the tally carried)."""
    item = session.item(nomination_id)
    if tally.ballot_id != session.ballot_id(item):
        raise Conflict("TALLY_MISMATCH", "Kết quả kiểm phiếu không phải của hồ sơ này.", field="ballot_id")
    n = item.nomination
    passed = tally.passes(item.rule)
    return ItemResult(
        session.session_id, session.level_unit_id, n.nomination_id, n.award_code, item.rule, tally, passed
    )
