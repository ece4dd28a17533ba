"""Hà Nội's 2020 tree at full scale: the seeds' real units, completed with synthetic ones (`syn-` ids).

tree_2020.json holds the city, 4 districts and their 60 wards. docs/domain.md §7 gives the real
scale (30 districts, 526 wards, 2,337 public schools, ~169,000 staff), so the rest is
synthesised deterministically: the 26 other districts (real names, `(mô phỏng)` appended),
466 wards under them, 2,337 schools spread over the districts by ward count, 12 offices and
6 mass organisations in every district, 20 city departments and 6 city mass organisations.
Staff sizes are drawn from the unit id alone, so they do not depend on the generator's seed.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from emutrack_contracts.events.registration import UnitKind
from registration.seed_data import ward_id

CITY_ID = "ha-noi"
SYNTHETIC = " (mô phỏng)"
WARDS_TOTAL, SCHOOLS_TOTAL = 526, 2337
# The 26 districts of 2020 that tree_2020.json does not list: (id suffix, name).
OTHER_DISTRICTS = (
    ("q-ba-dinh", "Quận Ba Đình"), ("q-bac-tu-liem", "Quận Bắc Từ Liêm"), ("q-cau-giay", "Quận Cầu Giấy"),
    ("q-dong-da", "Quận Đống Đa"), ("q-hai-ba-trung", "Quận Hai Bà Trưng"), ("q-long-bien", "Quận Long Biên"),
    ("q-nam-tu-liem", "Quận Nam Từ Liêm"), ("q-tay-ho", "Quận Tây Hồ"), ("tx-son-tay", "Thị xã Sơn Tây"),
    ("h-ba-vi", "Huyện Ba Vì"), ("h-chuong-my", "Huyện Chương Mỹ"), ("h-dan-phuong", "Huyện Đan Phượng"),
    ("h-dong-anh", "Huyện Đông Anh"), ("h-gia-lam", "Huyện Gia Lâm"), ("h-hoai-duc", "Huyện Hoài Đức"),
    ("h-me-linh", "Huyện Mê Linh"), ("h-my-duc", "Huyện Mỹ Đức"), ("h-phu-xuyen", "Huyện Phú Xuyên"),
    ("h-phuc-tho", "Huyện Phúc Thọ"), ("h-quoc-oai", "Huyện Quốc Oai"), ("h-soc-son", "Huyện Sóc Sơn"),
    ("h-thach-that", "Huyện Thạch Thất"), ("h-thanh-oai", "Huyện Thanh Oai"),
    ("h-thanh-tri", "Huyện Thanh Trì"), ("h-thuong-tin", "Huyện Thường Tín"), ("h-ung-hoa", "Huyện Ứng Hòa"),
)  # fmt: skip
DISTRICT_OFFICES = (
    "Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Tư pháp",
    "Phòng Văn hóa và Thông tin", "Phòng Giáo dục và Đào tạo", "Phòng Y tế", "Phòng Lao động - TB&XH",
    "Phòng Tài nguyên và Môi trường", "Phòng Quản lý đô thị", "Phòng Kinh tế", "Thanh tra",
)  # fmt: skip
MASS_ORGANISATIONS = (
    "Ủy ban MTTQ Việt Nam", "Hội Liên hiệp Phụ nữ", "Đoàn TNCS Hồ Chí Minh", "Hội Cựu chiến binh",
    "Hội Nông dân", "Liên đoàn Lao động",
)  # fmt: skip
CITY_DEPARTMENTS = (
    "Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Xây dựng",
    "Sở Giao thông vận tải", "Sở Công Thương", "Sở Tư pháp", "Sở Văn hóa và Thể thao", "Sở Du lịch",
    "Sở Lao động - Thương binh và Xã hội", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và PTNT",
    "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Sở Quy hoạch - Kiến trúc",
    "Thanh tra Thành phố", "Sở Ngoại vụ", "Văn phòng UBND Thành phố",
)  # fmt: skip
SCHOOL_KINDS = ("Trường Mầm non", "Trường Tiểu học", "Trường THCS")
# Staff (people who register individual titles) by kind: (low, high), drawn per unit.
STAFF_RANGE: dict[str, tuple[int, int]] = {
    "city": (0, 0), "district": (12, 28), "ward": (28, 48), "school": (30, 80),
    "department": (8, 20), "city_department": (60, 140), "mass_organisation": (4, 12),
}  # fmt: skip


@dataclass(frozen=True)
class Unit:
    """A unit of the generated tree; `path` runs from the city down to the unit."""

    unit_id: str
    name: str
    kind: UnitKind
    path: tuple[str, ...]
    staff: int
    synthetic: bool
    valid_from: date
    valid_to: date | None

    @property
    def parent_id(self) -> str | None:
        """The parent unit (None for the city)."""
        return self.path[-2] if len(self.path) > 1 else None


def _read_tree() -> dict[str, Any]:
    text = resources.files("registration.seed_data").joinpath("tree_2020.json").read_text(encoding="utf-8")
    raw: dict[str, Any] = json.loads(text)
    return raw


def _short(name: str) -> str:
    """'Quận Thanh Xuân' -> 'Thanh Xuân', 'Thị xã Sơn Tây (mô phỏng)' -> 'Sơn Tây'."""
    bare = name.removesuffix(SYNTHETIC)
    for prefix in ("Quận ", "Huyện ", "Thị xã "):
        bare = bare.removeprefix(prefix)
    return bare


def _staff(unit_id: str, kind: str) -> int:
    low, high = STAFF_RANGE[kind]
    return random.Random(f"staff|{unit_id}").randint(low, high) if high else 0


def apportion(total: int, weights: list[float]) -> list[int]:
    """Largest remainder: integer shares of `total` proportional to `weights` (ties by position)."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def units(scope: str | None = None) -> list[Unit]:
    """The tree, parents first: all of Hà Nội (None or 'ha-noi'), or the city and one district's subtree."""
    raw = _read_tree()
    start, end = date.fromisoformat(raw["valid_from"]), date.fromisoformat(raw["valid_to"])
    city = Unit(CITY_ID, raw["city"]["name"], "city", (CITY_ID,), 0, False, start, end)
    districts: list[tuple[str, str, list[tuple[str, str]], bool]] = [
        (d["id"], d["name"], [(ward_id(w), f"Phường {w}") for w in d["wards"]], False)
        for d in raw["districts"]
    ]
    other_wards = apportion(WARDS_TOTAL - sum(len(d[2]) for d in districts), [1] * len(OTHER_DISTRICTS))
    for (suffix, name), count in zip(OTHER_DISTRICTS, other_wards, strict=True):
        ward_word = "Xã" if suffix.startswith("h-") else "Phường"
        wards = [
            (f"syn-p-{suffix}-{i:02d}", f"{ward_word} {i:02d} {_short(name)}{SYNTHETIC}")
            for i in range(1, 1 + count)
        ]
        districts.append((f"syn-{suffix}", f"{name}{SYNTHETIC}", wards, True))
    schools = apportion(SCHOOLS_TOTAL, [len(d[2]) for d in districts])
    if scope not in (None, CITY_ID) and scope not in {d[0] for d in districts}:
        raise ValueError(f"unknown scope {scope!r}: None, {CITY_ID!r} or a district id")
    out = [city]

    def add(unit_id: str, name: str, kind: UnitKind, parent: Unit, synthetic: bool, staff_kind: str) -> Unit:
        unit = Unit(
            unit_id, name, kind, (*parent.path, unit_id), _staff(unit_id, staff_kind), synthetic, start, end
        )
        out.append(unit)
        return unit

    if scope in (None, CITY_ID):
        for i, name in enumerate(CITY_DEPARTMENTS, 1):
            add(f"syn-so-{i:02d}", f"{name}{SYNTHETIC}", "department", city, True, "city_department")
        for i, name in enumerate(MASS_ORGANISATIONS, 1):
            add(
                f"syn-tp-dt-{i:02d}",
                f"{name} Thành phố{SYNTHETIC}",
                "mass_organisation",
                city,
                True,
                "mass_organisation",
            )
    for (district_id, name, wards, synthetic), school_count in zip(districts, schools, strict=True):
        if scope not in (None, CITY_ID, district_id):
            continue
        district = add(district_id, name, "district", city, synthetic, "district")
        for unit_id, ward_name in wards:
            add(unit_id, ward_name, "ward", district, synthetic, "ward")
        base = district_id.removeprefix("syn-")
        short = _short(name)
        for i in range(1, 1 + school_count):
            school_name = f"{SCHOOL_KINDS[i % 3]} số {i} {short}{SYNTHETIC}"
            add(f"syn-s-{base}-{i:03d}", school_name, "school", district, True, "school")
        for i, office in enumerate(DISTRICT_OFFICES, 1):
            add(
                f"syn-pb-{base}-{i:02d}",
                f"{office} {short}{SYNTHETIC}",
                "department",
                district,
                True,
                "department",
            )
        for i, org in enumerate(MASS_ORGANISATIONS, 1):
            org_name = f"{org} {short}{SYNTHETIC}"
            add(f"syn-dt-{base}-{i:02d}", org_name, "mass_organisation", district, True, "mass_organisation")
    return out
