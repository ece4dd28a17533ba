"""Score sheets of a cluster (docs/domain.md §4): cross-inspection and self-assessment, head adjustments.

A sheet is one scorer's points for one scored unit against one version of the criteria set:
kind "cross" (kiểm tra chéo, by an assigned inspector, never the unit itself) or kind "self"
(tự chấm, the unit's own sheet, shown beside the result and never averaged in).
Sheet total = criterion points + bonus points - penalty points. A criterion scored below its
maximum needs a comment saying why points were taken off; a bonus or penalty item needs one too.

How sheets combine into a ranking is in `ranking.py`.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from math import fsum
from typing import Literal

from emutrack_kit.errors import Forbidden, Unprocessable
from review.domain.criteria import CriteriaSet, Section, fmt_points

SheetKind = Literal["self", "cross"]
MIN_REASON_CHARS = 10


@dataclass(frozen=True)
class Mark:
    """Points given for one criterion, bonus item or penalty item, with the scorer's comment."""

    ref_id: str
    points: float
    comment: str = ""


@dataclass(frozen=True)
class ScoreSheet:
    """One scorer's sheet for one unit; build it with `new_sheet` so it is validated."""

    kind: SheetKind
    scorer_id: str
    scored_id: str
    set_id: str
    set_version: int
    marks: tuple[Mark, ...]
    bonuses: tuple[Mark, ...] = ()
    penalties: tuple[Mark, ...] = ()  # points deducted, written as positive numbers

    @property
    def bonus_total(self) -> float:
        """Bonus points."""
        return fsum(m.points for m in self.bonuses)

    @property
    def penalty_total(self) -> float:
        """Points deducted."""
        return fsum(m.points for m in self.penalties)

    @property
    def total(self) -> float:
        """Criteria + bonus - penalty."""
        return fsum(m.points for m in self.marks) + self.bonus_total - self.penalty_total

    def section_total(self, section: Section) -> float:
        """Points for the criteria of one section."""
        ids = {c.criterion_id for c in section.criteria}
        return fsum(m.points for m in self.marks if m.ref_id in ids)


@dataclass(frozen=True)
class HeadAdjustment:
    """A cluster head's adjustment of a unit's final score, kept apart from the sheets."""

    unit_id: str
    delta: float
    reason: str
    by_unit_id: str


@dataclass(frozen=True)
class SheetDraft:
    """A sheet as its scorer fills it in, before it is checked against the criteria set."""

    kind: SheetKind
    scorer_id: str
    scored_id: str
    marks: Sequence[Mark]
    bonuses: Sequence[Mark] = ()
    penalties: Sequence[Mark] = ()


def new_sheet(
    criteria_set: CriteriaSet,
    draft: SheetDraft,
    *,
    assigned: Set[tuple[str, str]] = frozenset(),
    allow_missing: bool = False,
) -> ScoreSheet:
    """A validated sheet; `assigned` holds (inspector, inspected) pairs; drafts may `allow_missing`."""
    kind, scorer_id, scored_id = draft.kind, draft.scorer_id, draft.scored_id
    marks, bonuses, penalties = draft.marks, draft.bonuses, draft.penalties
    _check_scorer(draft, assigned)
    limits = {cid: c.max_points for cid, c in criteria_set.criteria.items()}
    _check_marks(marks, limits, "marks", "criterion")
    if not allow_missing and (missing := [cid for cid in limits if cid not in {m.ref_id for m in marks}]):
        raise Unprocessable(
            "MISSING_SCORES",
            f"Phiếu chấm còn thiếu điểm các tiêu chí: {', '.join(missing)}.",
            field="marks",
            details={"criterion_ids": missing},
        )
    _check_marks(bonuses, {i.item_id: i.max_points for i in criteria_set.bonus_items}, "bonuses", "bonus")
    _check_marks(
        penalties, {i.item_id: i.max_points for i in criteria_set.penalty_items}, "penalties", "penalty"
    )
    version = (criteria_set.set_id, criteria_set.version)
    return ScoreSheet(kind, scorer_id, scored_id, *version, tuple(marks), tuple(bonuses), tuple(penalties))


def _check_scorer(draft: SheetDraft, assigned: Set[tuple[str, str]]) -> None:
    """Cross sheets by an assigned peer, never the unit itself; self sheets by the unit itself."""
    kind, scorer_id, scored_id = draft.kind, draft.scorer_id, draft.scored_id
    if kind == "cross" and scorer_id == scored_id:
        raise Forbidden(
            "SELF_SCORING",
            "Đơn vị không được chấm chéo cho chính mình; dùng phiếu tự chấm (tự đánh giá).",
            field="scored_id",
        )
    if kind == "self" and scorer_id != scored_id:
        raise Unprocessable(
            "SELF_SHEET_OTHER_UNIT", "Phiếu tự chấm phải do chính đơn vị được chấm lập.", field="scorer_id"
        )
    if kind == "cross" and (scorer_id, scored_id) not in assigned:
        raise Forbidden(
            "NOT_ASSIGNED",
            f"Đơn vị '{scorer_id}' không được phân công kiểm tra chéo đơn vị '{scored_id}'; "
            "chỉ đơn vị được Cụm trưởng phân công mới được chấm.",
            field="scored_id",
        )


def new_adjustment(unit_id: str, delta: float, reason: str, by_unit_id: str) -> HeadAdjustment:
    """A head's adjustment: non-zero, with a reason of at least `MIN_REASON_CHARS` characters."""
    if delta == 0:
        raise Unprocessable("ZERO_ADJUSTMENT", "Điểm điều chỉnh phải khác 0.", field="delta")
    if len(reason.strip()) < MIN_REASON_CHARS:
        raise Unprocessable(
            "REASON_TOO_SHORT",
            f"Cần ghi rõ lý do điều chỉnh điểm (ít nhất {MIN_REASON_CHARS} ký tự).",
            field="reason",
        )
    return HeadAdjustment(unit_id, delta, reason.strip(), by_unit_id)


_LABELS = {"criterion": "tiêu chí", "bonus": "mục điểm thưởng", "penalty": "mục điểm trừ"}
_ABOVE = {"criterion": "SCORE_ABOVE_MAX", "bonus": "BONUS_ABOVE_MAX", "penalty": "PENALTY_ABOVE_MAX"}


def _check_marks(
    marks: Sequence[Mark],
    limits: dict[str, float],
    field_name: str,
    kind: Literal["criterion", "bonus", "penalty"],
) -> None:
    label, seen = _LABELS[kind], set()
    for i, mark in enumerate(marks):
        where = f"{field_name}[{i}]"
        if mark.ref_id not in limits:
            code = "UNKNOWN_CRITERION" if kind == "criterion" else "UNKNOWN_ITEM"
            raise Unprocessable(
                code, f"Bộ tiêu chí không có {label} '{mark.ref_id}'.", field=f"{where}.ref_id"
            )
        if mark.ref_id in seen:
            raise Unprocessable(
                "DUPLICATE_SCORE", f"{label.capitalize()} '{mark.ref_id}' được chấm hai lần.", field=where
            )
        seen.add(mark.ref_id)
        top, pts = limits[mark.ref_id], fmt_points(mark.points)
        if mark.points < 0:
            raise Unprocessable(
                "NEGATIVE_SCORE",
                f"Điểm của {label} '{mark.ref_id}' không được âm (đang là {pts}).",
                field=f"{where}.points",
            )
        if mark.points > top:
            raise Unprocessable(
                _ABOVE[kind],
                f"Điểm của {label} '{mark.ref_id}' là {pts}, vượt điểm tối đa {fmt_points(top)}.",
                field=f"{where}.points",
                details={"ref_id": mark.ref_id, "points": mark.points, "max_points": top},
            )
        needs_comment = mark.points < top if kind == "criterion" else mark.points > 0
        if needs_comment and not mark.comment.strip():
            why = (
                f"chấm {pts}/{fmt_points(top)}: cần ghi nhận xét, lý do trừ điểm"
                if kind == "criterion"
                else ""
            )
            raise Unprocessable(
                "COMMENT_REQUIRED",
                f"{label.capitalize()} '{mark.ref_id}' {why or 'có điểm: cần ghi căn cứ'}.",
                field=f"{where}.comment",
            )
