"""Round-level quotas: limits checked over all nominations of a round, never one dossier at a time.

- `share_of_titles_quota`: in each unit, the award's nominations ≤ max_share × the unit's holders
  of `of_title` that year, rounded down (Chiến sĩ thi đua cơ sở ≤ 15% of Lao động tiên tiến).
- `count_per_year_quota`: city-wide ≤ max_count awards a year (10 Công dân Thủ đô ưu tú).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from emutrack_kit.errors import Unprocessable
from review.domain.history import label
from review.domain.rules import MARK, Outcome, Rule, RuleSet


@dataclass(frozen=True)
class RoundNomination:
    """A nomination in a round, as the quota checks see it."""

    nomination_id: str
    subject_key: str
    unit_id: str
    award: str
    year: int
    submitted_at: datetime


@dataclass(frozen=True)
class QuotaResult:
    """One nomination against one quota rule: passed (within), failed (exceeds) or unknown."""

    rule_id: str
    nomination_id: str
    subject_key: str
    unit_id: str
    outcome: Outcome
    position: int  # 1-based place in this round's submission order within the quota's group
    limit: int | None  # None when the limit cannot be computed (missing counts)
    facts: tuple[str, ...]
    data: Mapping[str, object] = field(default_factory=dict)

    @property
    def exceeds(self) -> bool:
        """True if this nomination is beyond the quota."""
        return self.outcome == "failed"


def _result(
    rule: Rule, n: RoundNomination, position: int, done: int, limit: int | None, fact: str
) -> QuotaResult:
    """Within the limit if the awards already made plus this position fit; unknown without a limit."""
    outcome: Outcome = "unknown" if limit is None else "passed" if done + position <= limit else "failed"
    verdict = {"passed": "trong hạn mức", "failed": "vượt hạn mức", "unknown": "chưa xác định được"}[outcome]
    text = f"{fact}; đề nghị này xếp thứ {position} trong đợt theo thứ tự nộp → {verdict} {MARK[outcome]}"
    data: dict[str, object] = {"position": position, "already_awarded": done, "limit": limit}
    return QuotaResult(
        rule.id, n.nomination_id, n.subject_key, n.unit_id, outcome, position, limit, (text,), data
    )


def _share_quota(
    rule: Rule,
    award: str,
    nominations: Sequence[RoundNomination],
    unit_title_counts: Mapping[str, Mapping[str, int]],
    already: Mapping[str, int],
) -> list[QuotaResult]:
    of_title, share = rule.str_param("of_title"), Fraction(str(rule.params["max_share"]))
    results: list[QuotaResult] = []
    for unit_id in dict.fromkeys(n.unit_id for n in nominations):
        in_unit = [n for n in nominations if n.unit_id == unit_id]
        holders = unit_title_counts.get(unit_id, {}).get(of_title)
        done = already.get(unit_id, 0)
        year = in_unit[0].year
        if holders is None:
            fact = f"Đơn vị {unit_id}: chưa có số {label(of_title)} năm {year}"
            results += [_result(rule, n, i, done, None, fact) for i, n in enumerate(in_unit, 1)]
            continue
        limit = math.floor(share * holders)
        fact = (
            f"Đơn vị {unit_id}: {float(share) * 100:g}% của {holders} {label(of_title)} năm {year} "
            f"= tối đa {limit} {label(award)}; đã khen trước đợt này: {done}"
        )
        results += [_result(rule, n, i, done, limit, fact) for i, n in enumerate(in_unit, 1)]
    return results


def _count_quota(
    rule: Rule, award: str, nominations: Sequence[RoundNomination], already: Mapping[str, int]
) -> list[QuotaResult]:
    limit, done = rule.int_param("max_count"), sum(already.values())
    year = nominations[0].year
    fact = f"Tối đa {limit} {label(award)} mỗi năm; năm {year} đã tặng trước đợt này: {done}"
    return [_result(rule, n, i, done, limit, fact) for i, n in enumerate(nominations, 1)]


def check_quotas(
    rule_set: RuleSet,
    round_nominations: Sequence[RoundNomination],
    unit_title_counts: Mapping[str, Mapping[str, int]],
    already_awarded_this_year: Mapping[str, int],
) -> list[QuotaResult]:
    """Check the set's quota rules over the whole round; one result per nomination and quota rule.

    Only nominations for the set's award count, and they must all be of one year. Order: by
    `submitted_at`, ties by `nomination_id` — first submitted, first within the quota; later ones
    beyond the limit are flagged (the standing office or the unit then withdraws some). Awards
    already decided this year in earlier rounds (`already_awarded_this_year`: unit id → count)
    use up the quota first. `unit_title_counts`: unit id → {title code → holders that year}; a unit
    without the needed count gets `unknown`.
    """
    nominations = sorted(
        (n for n in round_nominations if n.award == rule_set.award),
        key=lambda n: (n.submitted_at, n.nomination_id),
    )
    years = sorted({n.year for n in nominations})
    if len(years) > 1:
        raise Unprocessable(
            "MIXED_YEARS_IN_ROUND",
            f"Hạn mức '{rule_set.award_name}' tính theo từng năm; đợt này có đề nghị của các năm "
            f"{', '.join(map(str, years))} — hãy kiểm tra riêng từng năm.",
            field="round_nominations",
        )
    if not nominations:
        return []
    results: list[QuotaResult] = []
    for rule in rule_set.rules:
        if rule.kind == "share_of_titles_quota":
            results += _share_quota(
                rule, rule_set.award, nominations, unit_title_counts, already_awarded_this_year
            )
        elif rule.kind == "count_per_year_quota":
            results += _count_quota(rule, rule_set.award, nominations, already_awarded_this_year)
    return results


def counted_codes(rule_set: RuleSet) -> tuple[frozenset[str], bool]:
    """What the set's quotas count: (codes per unit, whether the award is counted city-wide)."""
    unit_codes = {r.str_param("of_title") for r in rule_set.rules if r.kind == "share_of_titles_quota"}
    if unit_codes:
        unit_codes.add(rule_set.award)
    city_wide = any(r.kind == "count_per_year_quota" for r in rule_set.rules)
    return frozenset(unit_codes), city_wide


def capped_awards(rule_sets: Iterable[RuleSet]) -> frozenset[str]:
    """Awards with a yearly city-wide cap: their holders are also counted for the whole city."""
    return frozenset(rs.award for rs in rule_sets if counted_codes(rs)[1])
