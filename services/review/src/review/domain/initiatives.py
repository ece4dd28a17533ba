"""Initiative recognition (công nhận sáng kiến): a level's council scores an initiative, its chair decides.

The decree on initiatives (docs/domain.md §3, "Initiative") asks three things of one: it is new
(tính mới), it is applied and can be spread (khả năng áp dụng, nhân rộng), and it brings a real
benefit (hiệu quả). Each council member marks the three out of 30, 30 and 40; an initiative may be
recognised when the members' mean total reaches the pass mark and no criterion's mean is zero
(ADR 0023). A council recognises at most the scope of its own level and never above the claim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from emutrack_contracts.initiatives import SCOPES, InitiativeScope, above
from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import fold
from review.domain.history import INITIATIVE_LEVEL_VI, InitiativeLevel, InitiativeRecord

Scope = InitiativeScope
Status = Literal["submitted", "recognised", "not_recognised", "withdrawn"]
STATUS_VI: dict[str, str] = {
    "submitted": "Chờ Hội đồng xét",
    "recognised": "Được công nhận",
    "not_recognised": "Không được công nhận",
    "withdrawn": "Đơn vị đã rút",
}
PASS_MARK = 70  # out of 100: the members' mean total an initiative must reach to be recognised
MAX_REASONS = 10


@dataclass(frozen=True)
class Criterion:
    """One thing the council marks, its Vietnamese name and its maximum mark."""

    code: str
    name: str
    maximum: int


CRITERIA: tuple[Criterion, ...] = (
    Criterion("tinh_moi", "Tính mới", 30),
    Criterion("kha_nang_ap_dung", "Khả năng áp dụng, nhân rộng", 30),
    Criterion("hieu_qua", "Hiệu quả, lợi ích mang lại", 40),
)


def scope_of(value: str | None) -> Scope | None:
    """A scope by its code (None stays None); SCOPE_UNKNOWN otherwise."""
    for scope in SCOPES:
        if value == scope:
            return scope
    if value is None:
        return None
    raise Unprocessable("SCOPE_UNKNOWN", f"Không có phạm vi công nhận '{value}'.", field="scope")


@dataclass(frozen=True)
class Author:
    """An author as the unit sent them."""

    full_name: str
    position: str | None = None
    contribution_percent: int | None = None


@dataclass(frozen=True)
class Score:
    """One council member's marks on the three criteria, with an optional comment."""

    member: str
    member_name: str
    marks: Mapping[str, int]
    comment: str
    at: datetime

    @property
    def total(self) -> int:
        """The member's total out of 100."""
        return sum(self.marks.values())


@dataclass(frozen=True)
class Decision:
    """The chair's decision: recognised at a scope (with its number), or not, with reasons."""

    recognised: bool
    scope: Scope | None
    decision_number: str | None
    signed_on: date
    reasons: tuple[str, ...]
    by: str
    at: datetime

    def same_as(self, other: Decision) -> bool:
        """The same decision (sent again after a crash or a double click), whoever sent it and when."""
        mine = (self.recognised, self.scope, self.decision_number, self.signed_on, self.reasons)
        return mine == (other.recognised, other.scope, other.decision_number, other.signed_on, other.reasons)


@dataclass(frozen=True)
class InitiativeCase:
    """An initiative before its level's council: what the unit sent, the members' marks, the decision."""

    submission_id: str
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    unit_path: tuple[str, ...]
    level_unit_id: str
    title: str
    field: str
    authors: tuple[Author, ...]
    claimed_scope: Scope
    applied_since: date
    summary: str
    benefits: str
    submitted_at: datetime
    status: Status = "submitted"
    scores: tuple[Score, ...] = ()
    decision: Decision | None = None

    def mean_total(self) -> float | None:
        """The members' mean total out of 100 (one decimal), None before anyone scored."""
        if not self.scores:
            return None
        return round(sum(s.total for s in self.scores) / len(self.scores), 1)

    def mean_marks(self) -> dict[str, float]:
        """Each criterion's mean mark over the members who scored."""
        n = len(self.scores) or 1
        return {c.code: round(sum(s.marks.get(c.code, 0) for s in self.scores) / n, 1) for c in CRITERIA}

    def author_keys(self) -> list[str]:
        """Who the recognition belongs to, as review names a person: "<unit>|<folded name>"."""
        return [f"{self.unit_id}|{fold(a.full_name)}" for a in self.authors]

    def scored(self, score: Score) -> InitiativeCase:
        """The case with this member's marks (a member scoring again replaces their marks)."""
        ensure_pending(self)
        others = tuple(s for s in self.scores if s.member != score.member)
        return replace(self, scores=(*others, score))

    def decided(self, decision: Decision, council: Scope) -> InitiativeCase:
        """The case with the chair's decision, once the rules allow it."""
        ensure_pending(self)
        check_decision(self, decision, council)
        return replace(
            self, status="recognised" if decision.recognised else "not_recognised", decision=decision
        )

    def recognition(self) -> InitiativeRecord | None:
        """The initiative as eligibility rules read it, once recognised."""
        if self.decision is None or not self.decision.recognised or self.decision.scope is None:
            return None
        level: InitiativeLevel = self.decision.scope
        return InitiativeRecord(self.year, level, self.title)


def ensure_pending(case: InitiativeCase) -> None:
    """Only an initiative still before the council is scored or decided."""
    if case.status != "submitted":
        raise Conflict(
            "INITIATIVE_CLOSED",
            f"Sáng kiến '{case.title}' đã ở trạng thái '{STATUS_VI[case.status]}'; không xét lại được.",
            field="status",
        )


def check_marks(marks: Mapping[str, int]) -> dict[str, int]:
    """The three marks, each between 0 and its maximum; no other criterion."""
    unknown = sorted(set(marks) - {c.code for c in CRITERIA})
    if unknown:
        raise Unprocessable(
            "UNKNOWN_CRITERION",
            f"Không có tiêu chí '{unknown[0]}' trong phiếu chấm sáng kiến.",
            field="marks",
        )
    checked: dict[str, int] = {}
    for c in CRITERIA:
        mark = marks.get(c.code)
        if mark is None or not 0 <= mark <= c.maximum:
            raise Unprocessable(
                "MARK_OUT_OF_RANGE",
                f"Điểm '{c.name}' phải từ 0 đến {c.maximum}.",
                field=f"marks.{c.code}",
            )
        checked[c.code] = mark
    return checked


def check_decision(case: InitiativeCase, decision: Decision, council: Scope) -> None:
    """Recognition needs marks at the pass mark and a scope within claim and council; a refusal, reasons."""
    if not case.scores:
        raise Conflict(
            "NOT_SCORED", "Chưa có thành viên Hội đồng nào chấm điểm sáng kiến này.", field="scores"
        )
    if not decision.recognised:
        if not decision.reasons:
            raise Unprocessable(
                "REASON_REQUIRED", "Hãy ghi lý do không công nhận để đơn vị biết.", field="reasons"
            )
        return
    _check_recognition(case, decision, council)


def _check_recognition(case: InitiativeCase, decision: Decision, council: Scope) -> None:
    scope = decision.scope
    if scope is None:
        raise Unprocessable("SCOPE_REQUIRED", "Hãy chọn phạm vi công nhận sáng kiến.", field="scope")
    if above(scope, council):
        raise Unprocessable(
            "SCOPE_ABOVE_COUNCIL",
            f"Hội đồng cấp này chỉ công nhận sáng kiến đến {INITIATIVE_LEVEL_VI[council]}.",
            field="scope",
        )
    if above(scope, case.claimed_scope):
        raise Unprocessable(
            "SCOPE_ABOVE_CLAIM",
            f"Đơn vị đề nghị công nhận {INITIATIVE_LEVEL_VI[case.claimed_scope]}; "
            "không công nhận ở phạm vi rộng hơn đề nghị.",
            field="scope",
        )
    if not decision.decision_number:
        raise Unprocessable(
            "DECISION_NUMBER_REQUIRED", "Hãy ghi số quyết định công nhận sáng kiến.", field="decision_number"
        )
    mean, means = case.mean_total() or 0.0, case.mean_marks()
    weak = [c.name for c in CRITERIA if means[c.code] == 0]
    if mean < PASS_MARK or weak:
        why = (
            f"tiêu chí '{weak[0]}' không đạt" if weak else f"điểm bình quân {mean:g}/100 dưới mức {PASS_MARK}"
        )
        raise Unprocessable("BELOW_PASS_MARK", f"Không công nhận được: {why}.", field="scores")


def reasons_of(raw: Sequence[str]) -> tuple[str, ...]:
    """Non-empty reasons, at most MAX_REASONS."""
    reasons = tuple(r.strip() for r in raw if r.strip())
    if len(reasons) > MAX_REASONS:
        raise Unprocessable("TOO_MANY_REASONS", f"Tối đa {MAX_REASONS} lý do.", field="reasons")
    return reasons
