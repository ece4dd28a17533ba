"""Appraisal (thẩm định) of a nomination: what the standing office knows, the rules' answer, frozen.

What is known about the subject comes from two sources: the prior awards its dossier declares
(matched to title and award codes by their Vietnamese names, marked "khai_bao") and the awards
review's own decisions gave it (marked with the deciding level). A year with a title from either
becomes a known year. Everything else is "cannot tell", never "passed" or "failed". Year-end
evaluation (annual merit) is only for subjects registered for the year. Round quotas are added to
the rules' results from the nominations competing at the same level in the same year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import fold
from review.domain.eligibility import Appraisal, RuleResult
from review.domain.history import LABELS, AwardRecord, DeclaredAward, InitiativeRecord, SubjectHistory
from review.domain.integrity import Snapshot, content_hash, freeze
from review.domain.quotas import QuotaResult, RoundNomination, check_quotas
from review.domain.rules import RuleSet

METHOD = "eligibility-rules"
TITLE_CODES = frozenset(
    {
        "lao_dong_tien_tien",
        "chien_si_thi_dua_co_so",
        "chien_si_thi_dua_thanh_pho",
        "chien_si_thi_dua_toan_quoc",
        "tap_the_lao_dong_tien_tien",
        "tap_the_lao_dong_xuat_sac",
        "co_thi_dua_thanh_pho",
        "co_thi_dua_chinh_phu",
    }
)
_BY_NAME = {fold(name): code for code, name in LABELS.items()}
_BY_NAME[fold("Bằng khen của Chủ tịch UBND Thành phố")] = "bang_khen_cap_tinh"


def code_of(name: str) -> str | None:
    """The code of a title or award named in Vietnamese (any accents or case), or None."""
    return _BY_NAME.get(fold(name))


@dataclass(frozen=True)
class Appraised:
    """The nomination an appraisal is about, as its frozen inputs name it."""

    nomination_id: str
    award_code: str
    year: int


def declared_history(
    subject_key: str,
    kind: str,
    prior_awards: Sequence[DeclaredAward],
    decided: Sequence[AwardRecord] = (),
    recognised: Sequence[InitiativeRecord] = (),
) -> SubjectHistory:
    """The subject's history: what its dossier declares, what review decided, initiatives it recognised."""
    titles: dict[int, set[str]] = {}
    awards: list[AwardRecord] = []
    for declared in prior_awards:
        code = code_of(declared.name)
        if code is None:
            continue
        awards.append(AwardRecord(code, declared.year, declared.decision_number or "", "khai_bao"))
    awards += sorted(decided, key=lambda r: (r.year, r.code, r.decision_number))
    for award in awards:
        if award.code in TITLE_CODES:
            titles.setdefault(award.year, set()).add(award.code)
    return SubjectHistory(
        subject_key=subject_key,
        kind="collective" if kind == "collective" else "individual",
        titles_by_year={year: frozenset(codes) for year, codes in titles.items()},
        awards=tuple(awards),
        initiatives=tuple(recognised),
        # Councils outside emutrack recognise initiatives too: one not on record is "no data", not "none".
        initiatives_known=False,
    )


def ensure_registered(dossier_kind: str, registered: bool, subject_name: str, year: int) -> None:
    """Year-end evaluation only for the registered (docs/domain.md §4: "chỉ bình xét ... có đăng ký")."""
    if dossier_kind == "annual_merit" and not registered:
        raise Unprocessable(
            "NOT_REGISTERED",
            f"'{subject_name}' không đăng ký thi đua năm {year}: chỉ bình xét cuối năm đối với tập thể, "
            "cá nhân có đăng ký thi đua. Hãy trả lại hồ sơ với lý do này.",
            field="nomination_id",
        )


def ensure_appraisable(status: str) -> None:
    """Only a received nomination is appraised (again, until it is accepted)."""
    if status != "received":
        raise Conflict(
            "NOT_APPRAISABLE", "Chỉ thẩm định được hồ sơ đang ở trạng thái 'Đã tiếp nhận'.", field="status"
        )


@dataclass(frozen=True)
class QuotaInputs:
    """What a round quota is computed from: the competing nominations and the holders already decided.

    `holders`: unit id → {award code → subjects decided that year} ("*": the whole city).
    """

    competing: tuple[RoundNomination, ...]
    holders: Mapping[str, Mapping[str, int]]
    # Quota results by (award, rule-set version), computed once for the whole round and reused.
    _results: dict[tuple[str, int], dict[str, list[QuotaResult]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def results_for(self, rule_set: RuleSet, nomination_id: str) -> list[QuotaResult]:
        """A nomination's results under the set's quotas (the whole round is computed once)."""
        key = (rule_set.award, rule_set.version)
        if key not in self._results:
            quota_kinds = {r.kind for r in rule_set.rules}
            if "count_per_year_quota" in quota_kinds:
                already = {"*": self.holders.get("*", {}).get(rule_set.award, 0)}
            else:
                already = {u: codes.get(rule_set.award, 0) for u, codes in self.holders.items() if u != "*"}
            counts = {unit: dict(codes) for unit, codes in self.holders.items()}
            by_nomination: dict[str, list[QuotaResult]] = {}
            for result in check_quotas(rule_set, self.competing, counts, already):
                by_nomination.setdefault(result.nomination_id, []).append(result)
            self._results[key] = by_nomination
        return self._results[key].get(nomination_id, [])

    def as_data(self) -> dict[str, Any]:
        """The inputs as plain data (stored once, as a quota snapshot several appraisals refer to)."""
        return {
            "competing": [{**asdict(n), "submitted_at": n.submitted_at.isoformat()} for n in self.competing],
            "holders": {unit: dict(sorted(codes.items())) for unit, codes in sorted(self.holders.items())},
        }

    @property
    def snapshot_id(self) -> str:
        """The content hash of the inputs: the quota snapshot's id, frozen in each appraisal using it."""
        return content_hash(self.as_data())


def with_quotas(appraisal: Appraisal, rule_set: RuleSet, nomination_id: str, quota: QuotaInputs) -> Appraisal:
    """The appraisal with this nomination's place in each round quota added as rule results.

    Quotas count per year at the appraising level (every nomination for the award still in play,
    first submitted first served), after the awards already decided that year.
    """
    if not appraisal.quota_rule_ids:
        return appraisal
    by_id = {r.id: r for r in rule_set.rules}
    added = [
        RuleResult(
            q.rule_id, by_id[q.rule_id].kind, q.outcome, by_id[q.rule_id].description,
            rule_set.cite(by_id[q.rule_id].legal_basis), q.facts, q.data,
        )
        for q in quota.results_for(rule_set, nomination_id)
    ]  # fmt: skip
    return Appraisal(
        appraisal.subject_key,
        appraisal.award,
        appraisal.rule_set_version,
        appraisal.nomination_year,
        (*appraisal.results, *added),
        appraisal.quota_rule_ids,
    )


def frozen_appraisal(
    nomination: Appraised,
    history: SubjectHistory,
    appraisal: Appraisal | None,
    rule_set_version: int,
    quota: QuotaInputs | None = None,
) -> Snapshot:
    """The appraisal frozen with its inputs, so it can be recomputed later to the same result."""
    inputs = {
        "nomination_id": nomination.nomination_id,
        "award_code": nomination.award_code,
        "year": nomination.year,
        "history": {
            "subject_key": history.subject_key,
            "kind": history.kind,
            "titles_by_year": {str(y): sorted(codes) for y, codes in sorted(history.titles_by_year.items())},
            "awards": [asdict(a) for a in history.awards],
            "initiatives": [asdict(i) for i in history.initiatives],
            "initiatives_known": history.initiatives_known,
        },
    }
    if quota is not None:  # the competing nominations are one snapshot shared by the round's appraisals
        inputs["quota"] = {"snapshot": quota.snapshot_id}
    if appraisal is None:
        result: dict[str, Any] = {"verdict": "manual", "results": []}
    else:
        result = {"verdict": appraisal.verdict, "results": [asdict(r) for r in appraisal.results]}
    return freeze("appraisal", inputs, METHOD, rule_set_version, result)
