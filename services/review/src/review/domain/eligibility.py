"""The explainable eligibility check: each rule of an award's rule set against a subject's history.

Every rule answers passed / failed / unknown (missing data) with the facts it used, in Vietnamese
for people ("Chiến sĩ thi đua cơ sở năm 2021, 2022, 2023 ✓") and as data for programs. A subject
is eligible only if every rule passed: `unknown` never counts as passed. Round-level quotas are
not checked here but over the whole round (`check_quotas`, re-exported from quotas.py, as are
`rule_set_for` and `revise` from rule_versions.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from emutrack_kit.errors import Unprocessable
from review.domain.history import INITIATIVE_LEVEL_VI, SubjectHistory, label
from review.domain.quotas import QuotaResult, RoundNomination, check_quotas
from review.domain.rule_versions import revise, rule_set_for
from review.domain.rules import MARK, ROUND_KINDS, Outcome, Rule, RuleSet

__all__ = [
    "Appraisal",
    "QuotaResult",
    "RoundNomination",
    "RuleResult",
    "check_quotas",
    "evaluate",
    "revise",
    "rule_set_for",
]

Verdict = Literal["eligible", "not_eligible", "incomplete"]
VERDICT_VI: dict[str, str] = {
    "eligible": "Đủ điều kiện",
    "not_eligible": "Không đủ điều kiện",
    "incomplete": "Chưa đủ dữ liệu để kết luận",
}


@dataclass(frozen=True)
class RuleResult:
    """One rule's answer with the facts it used (Vietnamese lines) and the same facts as data."""

    rule_id: str
    kind: str
    outcome: Outcome
    description: str
    legal_basis: str
    facts: tuple[str, ...]
    data: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Appraisal:
    """The per-subject appraisal of a nomination under one rule-set version."""

    subject_key: str
    award: str
    rule_set_version: int
    nomination_year: int
    results: tuple[RuleResult, ...]
    quota_rule_ids: tuple[str, ...]  # checked over the whole round by check_quotas

    @property
    def verdict(self) -> Verdict:
        """not_eligible if any rule failed, else incomplete if any is unknown, else eligible."""
        outcomes = {r.outcome for r in self.results}
        if "failed" in outcomes:
            return "not_eligible"
        return "incomplete" if "unknown" in outcomes else "eligible"

    @property
    def eligible(self) -> bool:
        """True only if every rule passed."""
        return self.verdict == "eligible"

    def with_outcome(self, outcome: Outcome) -> list[RuleResult]:
        """The rules that ended with this outcome, in rule-set order."""
        return [r for r in self.results if r.outcome == outcome]


@dataclass(frozen=True)
class _Check:
    outcome: Outcome
    facts: list[str]
    data: dict[str, object]


def _years(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years)


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _titles(history: SubjectHistory, title: str, years: Sequence[int]) -> _Check:
    """The title in each of the years: failed if a known year lacks it, unknown if a year is unknown."""
    held = [y for y in years if history.holds(title, y)]
    without = [y for y in years if history.holds(title, y) is False]
    missing = [y for y in years if history.holds(title, y) is None]
    facts = [f"{label(title)} năm {_years(held)} ✓"] if held else []
    if without:
        facts.append(f"Không đạt {label(title)} năm {_years(without)} ✗")
    if missing:
        facts.append(f"Chưa có dữ liệu năm {_years(missing)} ?")
    outcome: Outcome = "failed" if without else "unknown" if missing else "passed"
    data: dict[str, object] = {"title": title, "years": list(years), "held": held}
    return _Check(outcome, facts, data | {"without": without, "missing": missing})


def _end_year(rule: Rule, year: int) -> int:
    return year - 1 if rule.params.get("ending") == "previous_year" else year


def _title_in_year(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    return _titles(history, rule.str_param("title"), [year + rule.int_param("year_offset")])


def _consecutive_years(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    end, n, step = _end_year(rule, year), rule.int_param("years"), rule.int_param("step")
    check = _titles(history, rule.str_param("title"), [end - step * k for k in reversed(range(n))])
    check.data["run"] = history.consecutive_years_with(rule.str_param("title"), end) if step == 1 else []
    return check


def _initiative_at_level(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    level, k, need = rule.str_param("min_level"), rule.int_param("within_years"), rule.int_param("count")
    window = list(range(year - k + 1, year + 1))
    found = history.initiatives_at_least(level, window)
    facts = [f"Sáng kiến '{i.title}' công nhận {INITIATIVE_LEVEL_VI[i.level]} năm {i.year} ✓" for i in found]
    data: dict[str, object] = {"min_level": level, "years": window, "needed": need}
    data["found"] = [{"year": i.year, "level": i.level, "title": i.title} for i in found]
    if len(found) >= need:
        return _Check("passed", facts, data)
    missing = [y for y in window if not history.knows(y) or not history.initiatives_known]
    where = f"{INITIATIVE_LEVEL_VI[level]} trở lên trong {_span(window[0], window[-1])}"
    if missing:
        facts += [f"Mới có {len(found)}/{need} sáng kiến {where}; chưa có dữ liệu năm {_years(missing)} ?"]
        return _Check("unknown", facts, data | {"missing": missing})
    return _Check("failed", [*facts, f"Chỉ có {len(found)}/{need} sáng kiến {where} ✗"], data)


def _no_discipline(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    if history.discipline_years is None:
        return _Check("unknown", ["Chưa có thông tin kỷ luật ?"], {})
    k = rule.params.get("within_years")
    first = None if k is None else year - int(k) + 1
    hits = sorted(y for y in history.discipline_years if y <= year and (first is None or y >= first))
    data: dict[str, object] = {"from_year": first, "to_year": year, "discipline_years": hits}
    if hits:
        return _Check("failed", [f"Bị kỷ luật năm {_years(hits)} ✗"], data)
    period = "trong hồ sơ" if first is None else f"trong {_span(first, year)}"
    return _Check("passed", [f"Không bị kỷ luật {period} ✓"], data)


def _flag(value: bool | None, bad: str, good: str, unknown: str) -> _Check:
    """A yes/no record where True is the bad case."""
    if value is None:
        return _Check("unknown", [f"{unknown} ?"], {})
    return _Check("failed", [f"{bad} ✗"], {"value": True}) if value else _Check("passed", [f"{good} ✓"], {})


def _not_prosecuted(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    bad, good = "Bị truy cứu trách nhiệm hình sự", "Không bị truy cứu trách nhiệm hình sự"
    return _flag(history.prosecuted, bad, good, "Chưa có thông tin về truy cứu trách nhiệm hình sự")


def _not_posthumous(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    bad = "Người được đề nghị đã từ trần (không xét truy tặng)"
    return _flag(history.deceased, bad, "Người được đề nghị còn sống", "Chưa rõ người được đề nghị còn sống")


def _once_per_person(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    award = rule.str_param("award")
    prior = [f"năm {a.year} (QĐ {a.decision_number})" for a in history.awards_of(award)]
    prior += [f"năm {y}" for y, titles in sorted(history.titles_by_year.items()) if award in titles]
    if prior:
        return _Check("failed", [f"Đã được tặng {label(award)} {', '.join(prior)} ✗"], {"prior": prior})
    return _Check("passed", [f"Chưa từng được tặng {label(award)} ✓"], {"prior": []})


def _award_held_then_years(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    award, n, end = rule.str_param("award"), rule.int_param("years"), _end_year(rule, year)
    years = list(range(end - n + 1, end + 1))
    earlier = [a for a in history.awards_of(award) if a.year < years[0]]
    if not earlier:
        later = [a.year for a in history.awards_of(award)]
        why = f"năm {_years(later)}, chưa đủ {n} năm sau đó" if later else "chưa có"
        return _Check("failed", [f"{label(award)}: {why} ✗"], {"award": award, "award_years": later})
    held = earlier[-1]
    check = _titles(history, rule.str_param("title"), years)
    check.facts.insert(0, f"{label(award)} năm {held.year} (QĐ {held.decision_number}) ✓")
    check.data.update(award=award, award_year=held.year, decision_number=held.decision_number)
    return check


def _fact(name: str, value: bool | None, year: int) -> _Check:
    data: dict[str, object] = {"fact": name, "year": year, "value": value}
    if value is None:
        return _Check("unknown", [f"Chưa có dữ liệu '{label(name)}' năm {year} ?"], data)
    text = f"{label(name)} năm {year}: {'có' if value else 'không'}"
    return _Check("passed" if value else "failed", [f"{text} {MARK['passed' if value else 'failed']}"], data)


def _honoured_by_cluster(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    y = year + rule.int_param("year_offset")
    value = history.fact("honoured_by_cluster", y)
    data: dict[str, object] = {"fact": "honoured_by_cluster", "year": y, "value": value}
    if value is None:
        return _Check("unknown", [f"Chưa có kết quả bình xét, suy tôn của cụm thi đua năm {y} ?"], data)
    if value:
        return _Check("passed", [f"Được cụm thi đua bình xét, suy tôn dẫn đầu năm {y} ✓"], data)
    return _Check("failed", [f"Không được cụm thi đua suy tôn năm {y} ✗"], data)


def _fact_true(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    y, name = year + rule.int_param("year_offset"), rule.str_param("fact")
    return _fact(name, history.fact(name, y), y)


def _members_with_title(rule: Rule, history: SubjectHistory, year: int) -> _Check:
    y, title = year + rule.int_param("year_offset"), rule.str_param("title")
    stats = history.members_by_year.get(y)
    if stats is None:
        return _Check("unknown", [f"Chưa có số thành viên đạt {label(title)} năm {y} ?"], {"year": y})
    count = stats.title_counts.get(title, 0)
    data: dict[str, object] = {"year": y, "title": title, "count": count, "total": stats.total}
    needs, ok = [], True
    if "min_share" in rule.params:
        share = Fraction(str(rule.params["min_share"]))
        needs.append(f"≥ {float(share) * 100:g}%")
        ok = ok and stats.total > 0 and Fraction(count, stats.total) >= share
    if "min_count" in rule.params:
        needs.append(f"≥ {rule.int_param('min_count')}")
        ok = ok and count >= rule.int_param("min_count")
    outcome: Outcome = "passed" if ok else "failed"
    text = f"Năm {y}: {count}/{stats.total} thành viên đạt {label(title)} (cần {' và '.join(needs)})"
    return _Check(outcome, [f"{text} {MARK[outcome]}"], data)


CHECKS: dict[str, Callable[[Rule, SubjectHistory, int], _Check]] = {
    "title_in_year": _title_in_year,
    "consecutive_years": _consecutive_years,
    "initiative_at_level": _initiative_at_level,
    "no_discipline": _no_discipline,
    "not_prosecuted": _not_prosecuted,
    "once_per_person": _once_per_person,
    "not_posthumous": _not_posthumous,
    "award_held_then_years": _award_held_then_years,
    "honoured_by_cluster": _honoured_by_cluster,
    "fact_true": _fact_true,
    "members_with_title": _members_with_title,
}


def evaluate(rule_set: RuleSet, history: SubjectHistory, nomination_year: int) -> Appraisal:
    """Check every per-subject rule of the set against the history for the nomination year."""
    if history.kind != rule_set.subject_kind:
        kind_vi = {"collective": "tập thể", "individual": "cá nhân"}
        raise Unprocessable(
            "SUBJECT_KIND_MISMATCH",
            f"'{rule_set.award_name}' chỉ xét cho {kind_vi[rule_set.subject_kind]}, "
            f"không xét cho {kind_vi[history.kind]}.",
            field="subject_kind",
        )
    results = []
    for rule in rule_set.rules:
        if rule.kind in ROUND_KINDS:
            continue
        check = CHECKS[rule.kind](rule, history, nomination_year)
        facts = tuple(check.facts)
        results.append(
            RuleResult(
                rule.id,
                rule.kind,
                check.outcome,
                rule.description,
                rule_set.cite(rule.legal_basis),
                facts,
                check.data,
            )
        )
    return Appraisal(
        subject_key=history.subject_key,
        award=rule_set.award,
        rule_set_version=rule_set.version,
        nomination_year=nomination_year,
        results=tuple(results),
        quota_rule_ids=tuple(r.id for r in rule_set.rules if r.kind in ROUND_KINDS),
    )
