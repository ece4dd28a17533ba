"""Deterministic synthetic people: names, birth dates, positions, from a hash of (seed, unit, index)."""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from typing import Literal

from bench.hanoi_year.catalogue import PERSON_TITLES
from emutrack_contracts.events.registration import RegisteredPerson
from emutrack_kit.text import fold

FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý",
)  # fmt: skip
MIDDLE = (
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Thu",
    "Thanh",
    "Quốc",
    "Ngọc",
    "Hữu",
    "Xuân",
    "Hồng",
    "Kim",
    "Bảo",
    "Gia",
)
GIVEN = (
    "An", "Anh", "Bình", "Châu", "Chi", "Cường", "Dũng", "Dung", "Duy", "Giang", "Hà", "Hải", "Hạnh", "Hiền",
    "Hiếu", "Hoa", "Hòa", "Hùng", "Hương", "Huy", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga",
    "Ngân", "Nhung", "Phong", "Phúc", "Phương", "Quân", "Quang", "Sơn", "Tâm", "Thảo", "Thắng", "Trang",
    "Trung", "Tú", "Tuấn", "Vân", "Việt", "Yến",
)  # fmt: skip
POSITIONS: dict[str, tuple[str, ...]] = {
    "school": ("Giáo viên", "Giáo viên", "Giáo viên", "Tổ trưởng chuyên môn", "Phó Hiệu trưởng", "Nhân viên"),
    "ward": ("Công chức Văn phòng - Thống kê", "Công chức Địa chính - Xây dựng",
             "Công chức Tư pháp - Hộ tịch",
             "Công chức Văn hóa - Xã hội", "Phó Chủ tịch UBND", "Công an viên"),
    "other": ("Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng",
              "Cán sự"),
}  # fmt: skip
_BIRTH_BASE = date(1962, 1, 1)


_FOLDED = {part: fold(part) for part in (*FAMILY, *MIDDLE, *GIVEN)}


def _parts(seed: int, unit_id: str, index: int) -> tuple[str, str, str, int]:
    h = zlib.crc32(f"{seed}|{unit_id}|{index}".encode())
    return FAMILY[h % len(FAMILY)], MIDDLE[(h >> 4) % len(MIDDLE)], GIVEN[(h >> 9) % len(GIVEN)], h


def person_name(seed: int, unit_id: str, index: int) -> tuple[str, Literal["nam", "nữ"]]:
    """A person's full name and gender, stable for (seed, unit, index)."""
    family, middle, given, h = _parts(seed, unit_id, index)
    gender: Literal["nam", "nữ"] = "nữ" if middle == "Thị" or (middle != "Văn" and h & 1 << 20) else "nam"
    return f"{family} {middle} {given}", gender


def position_of(seed: int, unit_id: str, kind: str, index: int) -> str:
    """The person's position, plausible for a unit of this kind."""
    options = POSITIONS.get(kind, POSITIONS["other"])
    return options[(_parts(seed, unit_id, index)[3] >> 21) % len(options)]


def people_rows(seed: int, unit_id: str, kind: str, counts: dict[str, int]) -> list[RegisteredPerson]:
    """A unit's list: persons 0..n-1 fill the titles best first, so a resubmission keeps who is who."""
    rows: list[RegisteredPerson] = []
    offset = zlib.crc32(unit_id.encode()) % 997
    for code, title_name in PERSON_TITLES:
        for _ in range(counts.get(code, 0)):
            k = len(rows)
            family, middle, given, _ = _parts(seed, unit_id, k)
            full_name, gender = person_name(seed, unit_id, k)
            # Distinct birth dates within a unit (step coprime with the range) keep person keys unique.
            born = _BIRTH_BASE + timedelta(days=(k * 7919 + offset) % 13_000)
            rows.append(
                RegisteredPerson(
                    person_key=f"{_FOLDED[family]} {_FOLDED[middle]} {_FOLDED[given]}|{born.isoformat()}",
                    full_name=full_name,
                    birth_date=born,
                    gender=gender,
                    position=position_of(seed, unit_id, kind, k),
                    title_code=code,
                    title_name=title_name,
                )
            )
    return rows
