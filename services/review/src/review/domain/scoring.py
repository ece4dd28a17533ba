"""Score sheets of a cluster, how they combine into a ranking, and collusion checks (DOMAIN.md §4).

A sheet is one scorer's points for one scored unit against one version of the criteria set:
kind "cross" (kiểm tra chéo, by an assigned inspector, never the unit itself) or kind "self"
(tự chấm, the unit's own sheet, shown beside the result and never averaged in).
Sheet total = criterion points + bonus points - penalty points. A criterion scored below its
maximum needs a comment saying why points were taken off; a bonus or penalty item needs one too.

Combination method "cross-mean", version 1 (`METHOD`, `METHOD_VERSION`, carried by every result
so a stored snapshot can be recomputed the same way):
  final = mean of the unit's cross-inspection sheet totals + sum of the head's adjustments.
With `normalise=True`, each cross total t given by inspector i is first rescaled to
  t' = M + (t - m_i) * S / s_i
where m_i, s_i are the mean and population standard deviation of the totals i gave, and M, S
those of every cross total: a harsh or lenient inspector's offset and spread are removed. When
s_i = 0 only the offset is removed (t' = M + t - m_i); an inspector with a single sheet gives
no scale, so normalisation is refused then. Normalised totals are only used for the mean.
Numbers are rounded to `PRECISION` decimals before ranking, so equal scores tie exactly.

Ranking (deterministic): higher final, then higher mean of the first section's points, then
fewer penalty points (mean), then more bonus points (mean), then unit id (ascending).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, replace
from math import fsum
from statistics import fmean, pstdev
from typing import Literal

from emutrack_kit.errors import Conflict, Forbidden, Unprocessable
from review.domain.criteria import CriteriaSet, Section, fmt_points

SheetKind = Literal["self", "cross"]
METHOD = "cross-mean"
METHOD_VERSION = 1
PRECISION = 4
MIN_REASON_CHARS = 10
COLLUSION_SHARE = 0.10  # default threshold: 10% of the criteria set's maximum


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
class UnitResult:
    """A unit's combined result; `rank` is its 1-based position in the ranking."""

    unit_id: str
    cross_totals: tuple[tuple[str, float], ...]  # (inspector, total as scored)
    used_totals: tuple[tuple[str, float], ...]  # what was averaged (normalised when asked)
    cross_mean: float
    adjustment: float
    final: float
    first_section_mean: float
    penalty_mean: float
    bonus_mean: float
    self_total: float | None
    rank: int = 0


@dataclass(frozen=True)
class Combination:
    """Ranked results and how they were computed (method, version, normalisation, criteria version)."""

    method: str
    method_version: int
    normalised: bool
    set_id: str
    set_version: int
    results: tuple[UnitResult, ...]


@dataclass(frozen=True)
class SuspiciousPair:
    """Two units that inspected each other and both scored the other well above the other inspectors."""

    unit_a: str
    unit_b: str
    a_to_b: float
    others_to_b: float  # mean total B received from inspectors other than A
    b_to_a: float
    others_to_a: float
    threshold: float


def new_sheet(
    criteria_set: CriteriaSet,
    *,
    kind: SheetKind,
    scorer_id: str,
    scored_id: str,
    marks: Sequence[Mark],
    bonuses: Sequence[Mark] = (),
    penalties: Sequence[Mark] = (),
    assigned: Set[tuple[str, str]] = frozenset(),
    allow_missing: bool = False,
) -> ScoreSheet:
    """A validated sheet; `assigned` holds (inspector, inspected) pairs; drafts may `allow_missing`."""
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


def combine(
    criteria_set: CriteriaSet,
    sheets: Iterable[ScoreSheet],
    adjustments: Iterable[HeadAdjustment] = (),
    *,
    normalise: bool = False,
) -> Combination:
    """Combine the sheets by method "cross-mean" (see the module docstring) and rank the units."""
    cross, own = _split(criteria_set, sheets)
    used = _normalised(cross) if normalise else {key: s.total for key, s in cross.items()}
    by_unit: defaultdict[str, list[ScoreSheet]] = defaultdict(list)
    for sheet in cross.values():
        by_unit[sheet.scored_id].append(sheet)
    deltas: defaultdict[str, float] = defaultdict(float)
    for adj in adjustments:
        deltas[adj.unit_id] += adj.delta
    orphans = sorted((set(deltas) | {unit for _, unit in own}) - set(by_unit))
    if orphans:
        raise Conflict(
            "NO_CROSS_SCORES",
            f"Chưa có phiếu chấm chéo nào cho đơn vị: {', '.join(orphans)}.",
            field="sheets",
            details={"unit_ids": orphans},
        )
    first = criteria_set.sections[0]
    results = []
    for unit, unit_sheets in by_unit.items():
        unit_sheets.sort(key=lambda s: s.scorer_id)
        mean = _r(fmean(used[(s.scorer_id, unit)] for s in unit_sheets))
        results.append(
            UnitResult(
                unit_id=unit,
                cross_totals=tuple((s.scorer_id, _r(s.total)) for s in unit_sheets),
                used_totals=tuple((s.scorer_id, _r(used[(s.scorer_id, unit)])) for s in unit_sheets),
                cross_mean=mean,
                adjustment=_r(deltas[unit]),
                final=_r(mean + deltas[unit]),
                first_section_mean=_r(fmean(s.section_total(first) for s in unit_sheets)),
                penalty_mean=_r(fmean(s.penalty_total for s in unit_sheets)),
                bonus_mean=_r(fmean(s.bonus_total for s in unit_sheets)),
                self_total=_r(own[(unit, unit)].total) if (unit, unit) in own else None,
            )
        )
    ranked = tuple(replace(r, rank=i) for i, r in enumerate(sorted(results, key=ranking_key), start=1))
    return Combination(METHOD, METHOD_VERSION, normalise, criteria_set.set_id, criteria_set.version, ranked)


def ranking_key(result: UnitResult) -> tuple[float, float, float, float, str]:
    """Sort key: final ↓, first-section mean ↓, penalty ↑, bonus ↓, unit id ↑."""
    r = result
    return (-r.final, -r.first_section_mean, r.penalty_mean, -r.bonus_mean, r.unit_id)


def suspicious_pairs(
    criteria_set: CriteriaSet, sheets: Iterable[ScoreSheet], threshold: float | None = None
) -> tuple[SuspiciousPair, ...]:
    """Pairs (A, B) that inspected each other where A→B and B→A both beat the other inspectors' mean.

    The margin is `threshold` points (default 10% of the set's maximum); a pair is only judged when
    both units were also scored by someone else, and the numbers compared are returned as evidence.
    """
    cross, _ = _split(criteria_set, sheets)
    limit = COLLUSION_SHARE * criteria_set.max_total if threshold is None else threshold
    flagged = []
    for (a, b), a_to_b in sorted(cross.items()):
        if a > b or (b, a) not in cross:
            continue
        others_b = [s.total for (scorer, unit), s in cross.items() if unit == b and scorer != a]
        others_a = [s.total for (scorer, unit), s in cross.items() if unit == a and scorer != b]
        if not others_a or not others_b:
            continue
        pair = SuspiciousPair(
            a, b, _r(a_to_b.total), _r(fmean(others_b)), _r(cross[(b, a)].total), _r(fmean(others_a)), limit
        )
        if pair.a_to_b - pair.others_to_b >= limit and pair.b_to_a - pair.others_to_a >= limit:
            flagged.append(pair)
    return tuple(flagged)


def _split(
    criteria_set: CriteriaSet, sheets: Iterable[ScoreSheet]
) -> tuple[dict[tuple[str, str], ScoreSheet], dict[tuple[str, str], ScoreSheet]]:
    """Cross and self sheets by (scorer, scored), refusing another criteria version or a repeat."""
    split: dict[str, dict[tuple[str, str], ScoreSheet]] = {"cross": {}, "self": {}}
    for sheet in sheets:
        if (sheet.set_id, sheet.set_version) != (criteria_set.set_id, criteria_set.version):
            raise Conflict(
                "CRITERIA_VERSION_MISMATCH",
                f"Phiếu của '{sheet.scorer_id}' cho '{sheet.scored_id}' chấm theo bộ tiêu chí "
                f"{sheet.set_id} phiên bản {sheet.set_version}, không phải phiên bản "
                f"{criteria_set.version} đang tổng hợp; cần chấm lại theo phiên bản hiện hành.",
                field="sheets",
            )
        key = (sheet.scorer_id, sheet.scored_id)
        if key in split[sheet.kind]:
            raise Conflict(
                "DUPLICATE_SHEET",
                f"Có hai phiếu của '{sheet.scorer_id}' cho '{sheet.scored_id}'; chỉ giữ một phiếu.",
                field="sheets",
            )
        split[sheet.kind][key] = sheet
    return split["cross"], split["self"]


def _normalised(cross: dict[tuple[str, str], ScoreSheet]) -> dict[tuple[str, str], float]:
    given: defaultdict[str, list[float]] = defaultdict(list)
    for (scorer, _), sheet in cross.items():
        given[scorer].append(sheet.total)
    single = sorted(scorer for scorer, totals in given.items() if len(totals) < 2)
    if single:
        raise Unprocessable(
            "NORMALISATION_IMPOSSIBLE",
            "Không chuẩn hóa được theo người chấm: mỗi đơn vị kiểm tra cần chấm ít nhất 2 đơn vị "
            f"(chỉ chấm 1 đơn vị: {', '.join(single)}).",
            field="normalise",
            details={"unit_ids": single},
        )
    everything = [s.total for s in cross.values()]
    overall_mean, overall_sd = fmean(everything), pstdev(everything)
    scale = {scorer: (fmean(t), pstdev(t)) for scorer, t in given.items()}
    out = {}
    for (scorer, unit), sheet in cross.items():
        mean, sd = scale[scorer]
        factor = overall_sd / sd if sd > 0 else 1.0
        out[(scorer, unit)] = overall_mean + (sheet.total - mean) * factor
    return out


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


def _r(value: float) -> float:
    return round(value, PRECISION)
