"""Nomination dossiers (hồ sơ đề nghị khen thưởng): what a unit proposes, and its documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import nfc
from registration.domain.attachments import ATTACHMENT_KINDS

DossierKind = Literal["annual_merit", "by_phase", "exceptional", "seniority", "foreign", "lifetime"]
DOSSIER_KINDS_VI: dict[str, str] = {
    "annual_merit": "Theo công trạng (thường xuyên)",
    "by_phase": "Theo đợt, chuyên đề",
    "exceptional": "Đột xuất",
    "seniority": "Theo niên hạn",
    "foreign": "Đối ngoại",
    "lifetime": "Quá trình cống hiến",
}


@dataclass(frozen=True)
class Award:
    """An award or title that can be proposed, and for whom."""

    code: str
    name: str
    subjects: frozenset[str]


AWARDS: dict[str, Award] = {
    a.code: a
    for a in (
        Award("giay_khen", "Giấy khen", frozenset({"collective", "individual"})),
        Award(
            "bang_khen_thanh_pho",
            "Bằng khen của Chủ tịch UBND Thành phố",
            frozenset({"collective", "individual"}),
        ),
        Award(
            "bang_khen_thu_tuong",
            "Bằng khen của Thủ tướng Chính phủ",
            frozenset({"collective", "individual"}),
        ),
        Award("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở", frozenset({"individual"})),
        Award("chien_si_thi_dua_thanh_pho", "Chiến sĩ thi đua Thành phố", frozenset({"individual"})),
        Award("chien_si_thi_dua_toan_quoc", "Chiến sĩ thi đua toàn quốc", frozenset({"individual"})),
        Award("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc", frozenset({"collective"})),
        Award("co_thi_dua_thanh_pho", "Cờ thi đua Thành phố", frozenset({"collective"})),
        Award("cong_dan_thu_do_uu_tu", "Công dân Thủ đô ưu tú", frozenset({"individual"})),
        Award(
            "huan_chuong_lao_dong_hang_ba",
            "Huân chương Lao động hạng Ba",
            frozenset({"collective", "individual"}),
        ),
    )
}
REQUIRED_DOCUMENTS = ("achievement_report", "council_minutes")


def award_for(code: str, subject_kind: str) -> Award:
    """The award with this code, if it may be proposed for this kind of subject."""
    award = AWARDS.get(code)
    if award is None:
        raise Unprocessable(
            "UNKNOWN_AWARD",
            f"Hình thức khen thưởng '{code}' không tồn tại. Chọn một trong: "
            + ", ".join(f"{a.code} ({a.name})" for a in AWARDS.values()),
            field="award_code",
        )
    if subject_kind not in award.subjects:
        whom = "tập thể" if subject_kind == "collective" else "cá nhân"
        raise Unprocessable(
            "AWARD_NOT_FOR_SUBJECT", f"'{award.name}' không xét cho {whom}.", field="award_code"
        )
    return award


def ensure_editable(status: str) -> None:
    """Documents can be added only while the dossier is a draft (or returned for fixing)."""
    if status not in ("draft", "returned"):
        raise Conflict(
            "DOSSIER_NOT_EDITABLE",
            "Hồ sơ đã gửi; chỉ sửa được khi còn là bản nháp hoặc khi bị trả lại.",
            field="status",
        )


def ensure_complete(attachment_kinds: Sequence[str]) -> None:
    """A dossier is submitted only with its achievement report and the council minutes."""
    missing = [k for k in REQUIRED_DOCUMENTS if k not in attachment_kinds]
    if missing:
        raise Unprocessable(
            "DOSSIER_INCOMPLETE",
            "Hồ sơ còn thiếu: " + ", ".join(ATTACHMENT_KINDS[k] for k in missing) + ".",
            field="attachments",
            details={"missing": missing},
        )


MAX_PRIOR_AWARDS = 30
FIRST_AWARD_YEAR = 1945


@dataclass(frozen=True)
class PriorAward:
    """An award the subject already holds: name as on the decision, year, decision number."""

    name: str
    year: int
    decision_number: str | None = None


def check_prior_awards(awards: Sequence[PriorAward], current_year: int) -> tuple[PriorAward, ...]:
    """Prior awards NFC-normalised, each from a real year up to now, at most 30."""
    if len(awards) > MAX_PRIOR_AWARDS:
        raise Unprocessable(
            "TOO_MANY_PRIOR_AWARDS", f"Ghi tối đa {MAX_PRIOR_AWARDS} khen thưởng đã có.", field="prior_awards"
        )
    for index, award in enumerate(awards):
        if not FIRST_AWARD_YEAR <= award.year <= current_year:
            raise Unprocessable(
                "BAD_AWARD_YEAR",
                f"Năm {award.year} của khen thưởng '{award.name}' phải từ {FIRST_AWARD_YEAR} "
                f"đến {current_year}.",
                field=f"prior_awards[{index}].year",
            )
    return tuple(
        PriorAward(nfc(a.name), a.year, nfc(a.decision_number) if a.decision_number else None) for a in awards
    )


def ensure_kind_of_round(dossier_kind: str, round_award_kind: str | None, round_name: str) -> None:
    """A round opened for one kind of award receives only dossiers of that kind."""
    if round_award_kind is not None and dossier_kind != round_award_kind:
        raise Unprocessable(
            "KIND_NOT_IN_ROUND",
            f"Đợt '{round_name}' chỉ nhận hồ sơ loại '{DOSSIER_KINDS_VI[round_award_kind]}', "
            f"không nhận loại '{DOSSIER_KINDS_VI.get(dossier_kind, dossier_kind)}'.",
            field="dossier_kind",
        )
