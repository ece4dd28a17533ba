"""Awards and titles a unit can propose (hình thức khen thưởng), and for whom."""

from __future__ import annotations

from dataclasses import dataclass

from emutrack_kit.errors import Unprocessable


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
