"""What the synthetic year draws from: titles, awards, rates, rounds and their dates (Hà Nội time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Literal

from emutrack_contracts.events.registration import SubjectKind

HANOI = timezone(timedelta(hours=7), "ICT")
RoundKind = Literal["registration", "exemplar", "initiative", "nomination"]
Fate = Literal["on_time", "late", "missing"]
COLLECTIVE_TITLES = {
    "tap_the_lao_dong_tien_tien": "Tập thể lao động tiên tiến",
    "tap_the_lao_dong_xuat_sac": "Tập thể lao động xuất sắc",
    "co_thi_dua_thanh_pho": "Cờ thi đua Thành phố",
    "co_thi_dua_chinh_phu": "Cờ thi đua của Chính phủ",
}
# Collective titles registered, by whom: districts aim at flags, the others at the labour titles.
TITLE_WEIGHTS = {
    "district": {"co_thi_dua_thanh_pho": 60, "tap_the_lao_dong_xuat_sac": 30, "co_thi_dua_chinh_phu": 10},
    "other": {"tap_the_lao_dong_tien_tien": 55, "tap_the_lao_dong_xuat_sac": 40, "co_thi_dua_thanh_pho": 5},
}
# Individual titles a person registers for, best first (the order in which a list's blocks are filled).
PERSON_TITLES = (
    ("chien_si_thi_dua_toan_quoc", "Chiến sĩ thi đua toàn quốc"),
    ("chien_si_thi_dua_thanh_pho", "Chiến sĩ thi đua Thành phố"),
    ("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở"),
    ("lao_dong_tien_tien", "Lao động tiên tiến"),
)
PERSON_TITLE_WEIGHTS = (5, 20, 125, 850)  # per mille, in the order above
INITIATIVE_LEVELS = ("co_so", "cap_huyen", "cap_thanh_pho")
INITIATIVE_WEIGHTS = {"local": (80, 15, 5), "top": (70, 0, 30)}
EXEMPLAR_CATEGORIES = ("dien_hinh_tien_tien", "nguoi_tot_viec_tot")


@dataclass(frozen=True)
class Option:
    """An award a unit may propose, for whom, and which level decides it (None: above the city)."""

    award_code: str
    award_name: str
    subject_kind: SubjectKind
    decided_by: Literal["district", "city"] | None


OPTIONS = (
    Option("giay_khen", "Giấy khen", "individual", "district"),
    Option("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở", "individual", "district"),
    Option("bang_khen_thanh_pho", "Bằng khen của Chủ tịch UBND Thành phố", "individual", "city"),
    Option("chien_si_thi_dua_thanh_pho", "Chiến sĩ thi đua Thành phố", "individual", "city"),
    Option("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "individual", None),
    Option("chien_si_thi_dua_toan_quoc", "Chiến sĩ thi đua toàn quốc", "individual", None),
    Option("huan_chuong_lao_dong_hang_ba", "Huân chương Lao động hạng Ba", "individual", None),
    Option("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc", "collective", "district"),
    Option("giay_khen", "Giấy khen", "collective", "district"),
    Option("bang_khen_thanh_pho", "Bằng khen của Chủ tịch UBND Thành phố", "collective", "city"),
    Option("co_thi_dua_thanh_pho", "Cờ thi đua Thành phố", "collective", "city"),
    Option("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "collective", None),
)
# Weights per option index. "local": units under a district (its level decides the basic awards);
# "top": units directly under the city (districts, city departments) propose city and central awards.
OPTION_WEIGHTS = {
    ("individual", "local"): {0: 550, 1: 300, 2: 100, 3: 30, 4: 15, 6: 5},
    ("individual", "top"): {2: 600, 3: 250, 4: 100, 5: 50},
    ("collective", "local"): {7: 50, 8: 25, 9: 20, 10: 5},
    ("collective", "top"): {9: 50, 10: 35, 11: 15},
}
# Natural rates (a realistic year, multiplier 1): see the package docstring for the proportions.
FATE_WEIGHTS: dict[Fate, int] = {"on_time": 89, "late": 8, "missing": 3}
SECOND_TITLE, AMEND, APPROVE, WITHDRAW = 0.20, 0.06, 0.70, 0.04
RESUBMIT, RESUBMIT_AGAIN = 0.30, 0.33
NOMINATIONS_PER_STAFF, INITIATIVES_PER_STAFF = 0.35, 0.15
EXEMPLARS_BY_KIND = {"ward": 2, "school": 2, "district": 3}  # others 1, plus 1 per 100 staff
COLLECTIVE_NOMINATIONS = (20, 70, 10)  # weights of proposing 0, 1, 2 awards for the unit itself
NOT_PASSED, INITIATIVE_WITHDRAWN, EXEMPLAR_WITHDRAWN = 0.10, 0.03, 0.04
DECISION_SIZE = 250  # awardees per decision


@dataclass(frozen=True)
class RoundSpec:
    """A round of one receiving level in the year, with the window in which units submit."""

    round_id: str
    name: str
    kind: RoundKind
    receiving_unit_id: str
    opened_on: date
    deadline: datetime
    window: tuple[int, int]  # epoch seconds: first submission, last on-time submission


def end_of_day(day: date) -> datetime:
    """23:59:59 Hà Nội time on `day` (how registration keeps the plans' deadlines)."""
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=HANOI)


def at(day: date, hour: int, minute: int = 0) -> int:
    """Epoch seconds of a Hà Nội wall-clock time."""
    return int(datetime(day.year, day.month, day.day, hour, minute, tzinfo=HANOI).timestamp())


_ROUNDS: dict[RoundKind, tuple[str, str, tuple[int, int], tuple[int, int]]] = {
    "registration": ("dk", "Đăng ký thi đua năm {year}", (1, 22), (2, 5)),
    "exemplar": ("dh", "Gương điển hình tiên tiến, người tốt việc tốt năm {year}", (3, 1), (6, 30)),
    "initiative": ("sk", "Xét, công nhận sáng kiến năm {year}", (7, 1), (10, 31)),
    "nomination": ("kt-nam", "Hồ sơ khen thưởng tổng kết năm {year}", (11, 15), (12, 30)),
}
CITY_REGISTRATION = ((1, 15), (2, 15))  # districts register with the city by 15/02
LAST_NOMINATION = (12, 15)  # dossiers are in by mid-December, so decisions can follow before the year ends


def round_spec(kind: RoundKind, year: int, receiving_unit_id: str, is_city: bool) -> RoundSpec:
    """The year's round of a kind at a receiving level (dates of the Thanh Xuân 2020 plan, generalised)."""
    prefix, name, opened, last = _ROUNDS[kind]
    first = date(year, *opened)  # units submit from the districts' opening day on
    if kind == "registration" and is_city:
        opened, last = CITY_REGISTRATION
    deadline = end_of_day(date(year, *last))
    end = at(date(year, *LAST_NOMINATION), 17) if kind == "nomination" else int(deadline.timestamp())
    return RoundSpec(
        f"{prefix}-{year}-{receiving_unit_id}",
        name.format(year=year),
        kind,
        receiving_unit_id,
        date(year, *opened),
        deadline,
        (at(first, 9), end),
    )


def signed_on(level_kind: str, award_code: str, year: int, chunk: int) -> date:
    """When a decision is signed: districts before Christmas, the city at year end; flags in January."""
    if level_kind == "district":
        return date(year, 12, 18 + chunk % 7)
    if award_code == "co_thi_dua_thanh_pho":  # the city's flags come with the January summary conference
        return date(year + 1, 1, 15)
    return date(year, 12, 26 + chunk % 5)
