"""Rule sets as data: one versioned set per award, each rule citing the legal document it rests on.

A rule set is read from its JSON shape (`parse_rule_set`) and validated there, so the checks can
trust every parameter; versions are picked and revised in rule_versions.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, cast, get_args

from emutrack_kit.errors import Unprocessable
from review.domain.history import INITIATIVE_LEVELS, SubjectKind, label

ParamValue = str | int | float | bool
Outcome = Literal["passed", "failed", "unknown"]  # unknown: missing data, never counts as passed
MARK: dict[str, str] = {"passed": "✓", "failed": "✗", "unknown": "?"}
ThresholdBase = Literal["all_members", "present_members"]
ParamType = Literal["code", "count", "offset", "share", "level", "ending"]


@dataclass(frozen=True)
class ParamSpec:
    """A rule parameter: its type and, when optional, its default (None: may stay absent)."""

    type: ParamType
    required: bool = True
    default: ParamValue | None = None


def _opt(type_: ParamType, default: ParamValue | None = None) -> ParamSpec:
    return ParamSpec(type_, required=False, default=default)


_ENDING = _opt("ending", "nomination_year")
# The vocabulary of rule kinds and their parameters; the checks live in eligibility.py / quotas.py.
KINDS: dict[str, dict[str, ParamSpec]] = {
    "title_in_year": {"title": ParamSpec("code"), "year_offset": _opt("offset", 0)},
    "consecutive_years": {
        "title": ParamSpec("code"),
        "years": ParamSpec("count"),
        "step": _opt("count", 1),
        "ending": _ENDING,
    },
    "initiative_at_level": {
        "min_level": ParamSpec("level"),
        "within_years": ParamSpec("count"),
        "count": _opt("count", 1),
    },
    "no_discipline": {"within_years": _opt("count")},
    "not_prosecuted": {},
    "once_per_person": {"award": ParamSpec("code")},
    "not_posthumous": {},
    "award_held_then_years": {
        "award": ParamSpec("code"),
        "title": ParamSpec("code"),
        "years": ParamSpec("count"),
        "ending": _ENDING,
    },
    "honoured_by_cluster": {"year_offset": _opt("offset", 0)},
    "fact_true": {"fact": ParamSpec("code"), "year_offset": _opt("offset", 0)},
    "members_with_title": {
        "title": ParamSpec("code"),
        "min_share": _opt("share"),
        "min_count": _opt("count"),
        "year_offset": _opt("offset", 0),
    },
    "share_of_titles_quota": {"of_title": ParamSpec("code"), "max_share": ParamSpec("share")},
    "count_per_year_quota": {"max_count": ParamSpec("count")},
}
ROUND_KINDS: frozenset[str] = frozenset({"share_of_titles_quota", "count_per_year_quota"})
ENDINGS = ("nomination_year", "previous_year")


@dataclass(frozen=True)
class Rule:
    """One rule: stable id, kind from KINDS, validated params, legal basis, Vietnamese description."""

    id: str
    kind: str
    params: Mapping[str, ParamValue]
    legal_basis: str
    description: str

    def int_param(self, name: str) -> int:
        """An integer parameter (validated at parse time)."""
        return int(self.params[name])

    def str_param(self, name: str) -> str:
        """A text parameter (validated at parse time)."""
        return str(self.params[name])


@dataclass(frozen=True)
class CouncilThreshold:
    """Votes needed in the council: a share of all members (or of those present)."""

    share: float
    of: ThresholdBase


@dataclass(frozen=True)
class RuleSet:
    """The rules of one award in force from effective_from to effective_to (inclusive; None: open)."""

    award: str
    award_name: str
    subject_kind: SubjectKind
    version: int
    effective_from: date
    effective_to: date | None
    legal_basis: str
    council_threshold: CouncilThreshold | None
    public_comment_working_days: int | None
    old_rule_only: bool
    notes: str
    rules: tuple[Rule, ...]

    def in_force_on(self, day: date) -> bool:
        """True if this version applies on the day."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def label(self) -> str:
        """How people name this version, e.g. "'Chiến sĩ thi đua Thành phố' phiên bản 2"."""
        return f"'{self.award_name}' phiên bản {self.version}"

    def cite(self, basis: str) -> str:
        """A basis as an appraisal shows it: this version of the rule set, then the document behind it."""
        # Not the end date: closing the version later must not change what its appraisals recompute to.
        return f"Bộ quy tắc {self.label} (hiệu lực từ {self.effective_from:%d/%m/%Y}); căn cứ: {basis}"


_A_FILE = re.compile(r"\w\.(md|py|json|txt|ya?ml)\b", re.IGNORECASE)


def cited_files(rule_set: RuleSet) -> list[str]:
    """The fields of a rule set whose legal basis names a file instead of a legal document."""
    fields = ["legal_basis"] if _A_FILE.search(rule_set.legal_basis) else []
    return fields + [
        f"rules[{i}].legal_basis" for i, r in enumerate(rule_set.rules) if _A_FILE.search(r.legal_basis)
    ]


def _bad(where: str, problem: str, field: str, rule_id: str | None = None) -> Unprocessable:
    code = "INVALID_RULE" if rule_id else "INVALID_RULE_SET"
    details = {"rule_id": rule_id} if rule_id else {}
    return Unprocessable(code, f"{where}: {problem}", field=field, details=details)


def _text(raw: Mapping[str, Any], key: str, where: str, field: str, rule_id: str | None = None) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _bad(where, f"thiếu '{key}' (chuỗi không rỗng).", f"{field}{key}", rule_id)
    return value.strip()


def _param(spec: ParamSpec, value: Any) -> str | None:
    """Why the value does not fit the spec, or None if it fits."""
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if spec.type == "code":
        return None if isinstance(value, str) and value.strip() else "phải là mã (chuỗi không rỗng)"
    if spec.type == "count":
        return None if is_int and value >= 1 else "phải là số nguyên ≥ 1"
    if spec.type == "offset":
        return None if is_int and value <= 0 else "phải là số nguyên ≤ 0 (0: năm đề nghị, -1: năm trước)"
    if spec.type == "share":
        ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1
        return None if ok else "phải là tỉ lệ trong khoảng (0, 1], ví dụ 0.15"
    choices = INITIATIVE_LEVELS if spec.type == "level" else ENDINGS
    return None if value in choices else f"phải là một trong: {', '.join(choices)}"


def parse_rule(raw: Any, where: str, field: str) -> Rule:
    """One rule from its JSON shape; Unprocessable (code INVALID_RULE) naming the rule id."""
    if not isinstance(raw, Mapping):
        raise _bad(where, "mỗi quy tắc phải là một đối tượng.", field.rstrip("."))
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise _bad(where, "quy tắc thiếu 'id'.", f"{field}id")
    where = f"{where}, quy tắc '{rule_id}'"
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _bad(where, f"loại '{kind}' không có; các loại: {', '.join(KINDS)}.", f"{field}kind", rule_id)
    params = _params(raw.get("params", {}), KINDS[kind], where, field, rule_id)
    if kind == "members_with_title" and "min_share" not in params and "min_count" not in params:
        raise _bad(where, "cần 'min_share' hoặc 'min_count'.", f"{field}params", rule_id)
    basis = _text(raw, "legal_basis", where, field, rule_id)
    description = _text(raw, "description", where, field, rule_id)
    return Rule(rule_id, kind, params, basis, description)


def _params(
    given: Any, specs: Mapping[str, ParamSpec], where: str, field: str, rule_id: str
) -> dict[str, ParamValue]:
    """A rule's parameters checked against its kind's specs, defaults filled in."""
    if not isinstance(given, Mapping):
        raise _bad(where, "'params' phải là một đối tượng.", f"{field}params", rule_id)
    unknown = sorted(set(given) - set(specs))
    if unknown:
        allowed = ", ".join(specs) or "(không có)"
        raise _bad(where, f"tham số lạ {unknown}; tham số hợp lệ: {allowed}.", f"{field}params", rule_id)
    params: dict[str, ParamValue] = {}
    for name, spec in specs.items():
        if name not in given:
            if spec.required:
                raise _bad(where, f"thiếu tham số '{name}'.", f"{field}params.{name}", rule_id)
            if spec.default is not None:
                params[name] = spec.default
            continue
        problem = _param(spec, given[name])
        if problem:
            shown = f"{problem} (đang là {given[name]!r})."
            raise _bad(where, f"tham số '{name}' {shown}", f"{field}params.{name}", rule_id)
        params[name] = given[name]
    return params


def _date(raw: Mapping[str, Any], key: str, where: str) -> date:
    try:
        return date.fromisoformat(raw[key])
    except (KeyError, TypeError, ValueError) as e:
        raise _bad(where, f"'{key}' phải là ngày dạng YYYY-MM-DD.", key) from e


def _threshold(raw: Any, where: str) -> CouncilThreshold | None:
    if raw is None:
        return None
    bases = get_args(ThresholdBase)
    if (
        not isinstance(raw, Mapping)
        or raw.get("of") not in bases
        or _param(ParamSpec("share"), raw.get("share"))
    ):
        problem = f"cần {{'share': tỉ lệ trong (0, 1], 'of': một trong {', '.join(bases)}}} hoặc null."
        raise _bad(where, f"'council_threshold' {problem}", "council_threshold")
    return CouncilThreshold(float(raw["share"]), cast(ThresholdBase, raw["of"]))


def parse_rule_set(raw: Mapping[str, Any]) -> RuleSet:
    """A rule set from its JSON shape, validated; Unprocessable naming the bad field or rule id."""
    award = raw.get("award")
    version = raw.get("version")
    where = f"Bộ quy tắc '{award}' phiên bản {version}"
    if not isinstance(award, str) or not award.strip():
        raise _bad(where, "thiếu mã hình thức khen thưởng 'award'.", "award")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad(where, "'version' phải là số nguyên ≥ 1.", "version")
    kind = raw.get("subject_kind")
    if kind not in get_args(SubjectKind):
        raise _bad(where, "'subject_kind' phải là 'collective' hoặc 'individual'.", "subject_kind")
    start = _date(raw, "effective_from", where)
    end = None if raw.get("effective_to") is None else _date(raw, "effective_to", where)
    if end is not None and end < start:
        raise _bad(where, f"ngày hết hiệu lực {end} trước ngày có hiệu lực {start}.", "effective_to")
    days = raw.get("public_comment_working_days")
    if days is not None and _param(ParamSpec("count"), days):
        raise _bad(
            where,
            "'public_comment_working_days' phải là số nguyên ≥ 1 hoặc null.",
            "public_comment_working_days",
        )
    raw_rules = raw.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise _bad(where, "'rules' phải là danh sách quy tắc không rỗng.", "rules")
    rules = tuple(parse_rule(r, where, f"rules[{i}].") for i, r in enumerate(raw_rules))
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.id in seen:
            raise _bad(where, f"mã quy tắc '{rule.id}' bị trùng.", f"rules[{i}].id", rule.id)
        seen.add(rule.id)
    return RuleSet(
        award=award,
        award_name=str(raw.get("award_name") or label(award)),
        subject_kind=cast(SubjectKind, kind),
        version=version,
        effective_from=start,
        effective_to=end,
        legal_basis=_text(raw, "legal_basis", where, ""),
        council_threshold=_threshold(raw.get("council_threshold"), where),
        public_comment_working_days=days,
        old_rule_only=bool(raw.get("old_rule_only", False)),
        notes=str(raw.get("notes") or ""),
        rules=rules,
    )


def rule_set_to_dict(rule_set: RuleSet) -> dict[str, Any]:
    """The JSON shape of a rule set (parse_rule_set reads it back unchanged)."""
    threshold = rule_set.council_threshold
    return {
        "award": rule_set.award,
        "award_name": rule_set.award_name,
        "subject_kind": rule_set.subject_kind,
        "version": rule_set.version,
        "effective_from": rule_set.effective_from.isoformat(),
        "effective_to": rule_set.effective_to.isoformat() if rule_set.effective_to else None,
        "legal_basis": rule_set.legal_basis,
        "council_threshold": None if threshold is None else {"share": threshold.share, "of": threshold.of},
        "public_comment_working_days": rule_set.public_comment_working_days,
        "old_rule_only": rule_set.old_rule_only,
        "notes": rule_set.notes,
        "rules": [
            {
                "id": r.id,
                "kind": r.kind,
                "params": dict(r.params),
                "legal_basis": r.legal_basis,
                "description": r.description,
            }
            for r in rule_set.rules
        ],
    }
