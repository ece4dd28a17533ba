"""Emulation titles (danh hiệu thi đua) a unit or a person can register for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from emutrack_kit.errors import Unprocessable

SubjectKind = Literal["collective", "individual"]


@dataclass(frozen=True)
class Title:
    """A title: stable code, official Vietnamese name, who may hold it."""

    code: str
    name: str
    subject_kind: SubjectKind


TITLES: dict[str, Title] = {
    t.code: t
    for t in (
        Title("tap_the_lao_dong_tien_tien", "Tập thể lao động tiên tiến", "collective"),
        Title("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc", "collective"),
        Title("co_thi_dua_thanh_pho", "Cờ thi đua Thành phố", "collective"),
        Title("co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ", "collective"),
        Title("lao_dong_tien_tien", "Lao động tiên tiến", "individual"),
        Title("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở", "individual"),
        Title("chien_si_thi_dua_thanh_pho", "Chiến sĩ thi đua Thành phố", "individual"),
        Title("chien_si_thi_dua_toan_quoc", "Chiến sĩ thi đua toàn quốc", "individual"),
    )
}


def title_for(code: str, subject_kind: SubjectKind) -> Title:
    """The title with this code, if a subject of this kind may register for it."""
    allowed = ", ".join(f"{t.code} ({t.name})" for t in TITLES.values() if t.subject_kind == subject_kind)
    title = TITLES.get(code)
    if title is None:
        raise Unprocessable(
            "UNKNOWN_TITLE",
            f"Danh hiệu '{code}' không tồn tại. Các danh hiệu được đăng ký: {allowed}.",
            field="title_code",
        )
    if title.subject_kind != subject_kind:
        kind_vi = "tập thể" if subject_kind == "collective" else "cá nhân"
        raise Unprocessable(
            "TITLE_NOT_FOR_SUBJECT",
            f"Danh hiệu '{title.name}' không dành cho {kind_vi}. Các danh hiệu được đăng ký: {allowed}.",
            field="title_code",
        )
    return title
