"""How a cluster's score sheets combine into a ranking, and which pairs look like collusion.

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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from statistics import fmean, pstdev

from emutrack_kit.errors import Conflict, Unprocessable
from review.domain.criteria import CriteriaSet
from review.domain.scoring import HeadAdjustment, ScoreSheet

METHOD = "cross-mean"
METHOD_VERSION = 1
PRECISION = 4
COLLUSION_SHARE = 0.10  # default threshold: 10% of the criteria set's maximum


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


def _r(value: float) -> float:
    return round(value, PRECISION)
