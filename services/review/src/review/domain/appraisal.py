"""Appraisal (thẩm định) of a nomination: what the standing office knows, the rules' answer, frozen.

What is known about the subject today comes from the dossier itself: the prior awards it declares
(matched to title and award codes by their Vietnamese names; a year with a declared title becomes a
known year) — review's own decisions will add to it. Everything else is "cannot tell", never
"passed". Year-end evaluation (annual merit) is only for subjects registered for the year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import fold
from review.domain.eligibility import Appraisal
from review.domain.history import LABELS, AwardRecord, SubjectHistory
from review.domain.integrity import Snapshot, freeze

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


def declared_history(
    subject_key: str, kind: str, prior_awards: Sequence[Mapping[str, Any]]
) -> SubjectHistory:
    """The subject's history as its dossier declares it (unrecognised names are kept out, not guessed)."""
    titles: dict[int, set[str]] = {}
    awards: list[AwardRecord] = []
    for declared in prior_awards:
        code = code_of(str(declared["name"]))
        if code is None:
            continue
        year = int(declared["year"])
        if code in TITLE_CODES:
            titles.setdefault(year, set()).add(code)
        awards.append(AwardRecord(code, year, str(declared.get("decision_number") or ""), "khai_bao"))
    return SubjectHistory(
        subject_key=subject_key,
        kind="collective" if kind == "collective" else "individual",
        titles_by_year={year: frozenset(codes) for year, codes in titles.items()},
        awards=tuple(awards),
        initiatives_known=False,  # recognised initiatives come with review's own decisions (not yet)
    )


def ensure_registered(dossier_kind: str, registered: bool, subject_name: str, year: int) -> None:
    """Year-end evaluation only for those who registered (DOMAIN.md §4: "chỉ bình xét ... có đăng ký")."""
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


def frozen_appraisal(
    nomination: Mapping[str, Any], history: SubjectHistory, appraisal: Appraisal | None, rule_set_version: int
) -> Snapshot:
    """The appraisal frozen with its inputs, so it can be recomputed later to the same result."""
    inputs = {
        "nomination_id": nomination["_id"],
        "award_code": nomination["award_code"],
        "year": nomination["year"],
        "history": {
            "subject_key": history.subject_key,
            "kind": history.kind,
            "titles_by_year": {str(y): sorted(codes) for y, codes in sorted(history.titles_by_year.items())},
            "awards": [asdict(a) for a in history.awards],
            "initiatives": [asdict(i) for i in history.initiatives],
            "initiatives_known": history.initiatives_known,
        },
    }
    if appraisal is None:
        result: dict[str, Any] = {"verdict": "manual", "results": []}
    else:
        result = {"verdict": appraisal.verdict, "results": [asdict(r) for r in appraisal.results]}
    return freeze("appraisal", inputs, METHOD, rule_set_version, result)
