"""How a leader reads the numbers of their subtree: the codes' Vietnamese names, months, the path, targets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from emutrack_kit.text import fold

# The numbers a dashboard leads with (reporting's fields), in the order a leader reads them.
FIGURES = (
    ("registrations_total", "Đăng ký danh hiệu tập thể"),
    ("individuals_total", "Cá nhân đăng ký danh hiệu"),
    ("dossiers_total", "Hồ sơ đề nghị khen thưởng"),
    ("awards_total", "Lượt khen thưởng"),
    ("initiatives_total", "Sáng kiến được đề nghị"),
    ("exemplars_total", "Điển hình tiên tiến được đề xuất"),
)
AWARD_VI = {
    "tap_the_lao_dong_tien_tien": "Tập thể lao động tiên tiến",
    "tap_the_lao_dong_xuat_sac": "Tập thể lao động xuất sắc",
    "co_thi_dua_thanh_pho": "Cờ thi đua Thành phố",
    "co_thi_dua_chinh_phu": "Cờ thi đua của Chính phủ",
    "lao_dong_tien_tien": "Lao động tiên tiến",
    "chien_si_thi_dua_co_so": "Chiến sĩ thi đua cơ sở",
    "chien_si_thi_dua_thanh_pho": "Chiến sĩ thi đua Thành phố",
    "chien_si_thi_dua_toan_quoc": "Chiến sĩ thi đua toàn quốc",
    "giay_khen": "Giấy khen",
    "bang_khen_thanh_pho": "Bằng khen của Chủ tịch UBND Thành phố",
    "bang_khen_cap_tinh": "Bằng khen của Chủ tịch UBND Thành phố",
    "bang_khen_thu_tuong": "Bằng khen của Thủ tướng Chính phủ",
    "cong_dan_thu_do_uu_tu": "Công dân Thủ đô ưu tú",
    "hoan_thanh_xuat_sac_nhiem_vu": "Hoàn thành xuất sắc nhiệm vụ",
}
LEVEL_VI = {
    "residential_group": "Tổ dân phố",
    "school": "Trường học",
    "mass_organisation": "Mặt trận, đoàn thể",
    "department": "Phòng, ban, ngành",
    "ward": "Cấp phường, xã",
    "district": "Cấp quận, huyện",
    "city": "Cấp Thành phố",
    "central": "Cấp Nhà nước (Trung ương)",
    "unknown": "Chưa xác định cấp",
}
FORMS_VI = {
    "collective-exemplars": "Mẫu 1 — gương điển hình tập thể",
    "individual-exemplars": "Mẫu 2 — gương điển hình cá nhân",
    "emulation-models": "Mô hình, chuyên đề thi đua",
}
INITIATIVE_VI = {"co_so": "Cấp cơ sở", "cap_huyen": "Cấp huyện (quận)", "cap_thanh_pho": "Cấp Thành phố"}
EXEMPLAR_VI = {"dien_hinh_tien_tien": "Điển hình tiên tiến", "nguoi_tot_viec_tot": "Người tốt, việc tốt"}
# Roles whose holders read the numbers of a unit's whole subtree.
READING_ROLES = frozenset({"viewer", "standing_office", "council_member", "council_chair", "admin"})
_MONTH = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
BAD_MONTH = "Tháng không hợp lệ; hãy nhập theo dạng tháng/năm, ví dụ 05/2024 (để trống để xem cả năm)."


def label(catalogue: Mapping[str, str], code: str) -> str:
    """A code's Vietnamese name (the code itself when unknown)."""
    return catalogue.get(code, code)


def breakdown(counts: Mapping[str, int], catalogue: Mapping[str, str]) -> list[tuple[str, int]]:
    """(name, count) rows of a by-code count, in the catalogue's order, empty codes left out."""
    order = {code: i for i, code in enumerate(catalogue)}
    codes = sorted((c for c, n in counts.items() if n), key=lambda c: (order.get(c, len(order)), c))
    return [(label(catalogue, c), counts[c]) for c in codes]


def typed_month(text: str) -> str | None:
    """A month typed as mm/yyyy (or yyyy-mm) as YYYY-MM; None if blank; ValueError if it is no month."""
    cleaned = text.strip()
    if not cleaned:
        return None
    found = _MONTH.match(cleaned) or _ISO_MONTH.match(cleaned)
    if found is None:
        raise ValueError(BAD_MONTH)
    month, year = (found.group(1), found.group(2)) if found.re is _MONTH else (found.group(2), found.group(1))
    if not 1 <= int(month) <= 12:
        raise ValueError(BAD_MONTH)
    return f"{year}-{int(month):02d}"


def month_vi(month: str | None) -> str:
    """YYYY-MM as mm/yyyy."""
    if not month or len(month) != 7:
        return month or ""
    return f"{month[5:]}/{month[:4]}"


def five_year_start(year: int) -> int:
    """The first year of the five-year period a year belongs to (2016–2020, 2021–2025, …)."""
    return year - (year - 1) % 5


def met_vi(met: bool | None, value: float | None) -> str:
    """How a target stands: met, not met, followed without a goal, or not measurable."""
    if met is True:
        return "Đạt"
    if met is False:
        return "Chưa đạt"
    return "Theo dõi" if value is not None else "Chưa đo được"


def value_vi(value: float | None, goal: str) -> str:
    """A target's measured value (a percentage when its goal is one), with a decimal comma."""
    if value is None:
        return "—"
    shown = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{shown}%" if "%" in goal else shown


@dataclass(frozen=True)
class Crumb:
    """A unit on the way down from the top the person reads to the unit shown."""

    unit_id: str
    name: str


def crumbs(path: Sequence[tuple[str, str]], readable: Iterable[str]) -> list[Crumb]:
    """The path (ids and names, top first) from the highest unit the person reads down to the last."""
    held = set(readable)
    start = next((i for i, (unit_id, _) in enumerate(path) if unit_id in held), len(path) - 1)
    return [Crumb(unit_id, name) for unit_id, name in path[start:]]


def searched(rows: Sequence[Mapping[str, Any]], q: str, skip: int, limit: int) -> tuple[list[Any], int]:
    """Rows whose unit name holds every word of `q` (any accents or case): one page, and how many match."""
    words = fold(q).split()
    kept = [r for r in rows if all(w in fold(str(r["unit_name"])) for w in words)]
    return list(kept[skip : skip + limit]), len(kept)


@dataclass(frozen=True)
class FormSummary:
    """A registration form summed across the subtree: its rows, and how many aim at each award."""

    name: str
    rows: int
    aims: list[tuple[str, int]]


def form_summaries(counts: Mapping[str, Any]) -> list[FormSummary]:
    """Forms 1, 2 and the models form as counted (their rows and the awards aimed at), in that order."""
    rows: Mapping[str, int] = counts.get("form_rows") or {}
    targets: Mapping[str, int] = counts.get("form_targets") or {}
    found = []
    for form, name in FORMS_VI.items():
        if not rows.get(form):
            continue
        aims = {key.split(":", 1)[1]: n for key, n in targets.items() if key.startswith(f"{form}:")}
        found.append(FormSummary(name, rows[form], breakdown(aims, AWARD_VI)))
    return found
