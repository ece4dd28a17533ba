"""How a person reads a cluster's year: its stage, points with a decimal comma, names instead of unit ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

STAGE_VI = {
    "new": "Mới lập cụm, chưa có bộ tiêu chí",
    "criteria": "Đã có bộ tiêu chí, chưa phân công kiểm tra chéo",
    "assigned": "Đã phân công kiểm tra chéo, chờ phiếu chấm",
    "scoring": "Đang chấm điểm",
    "ranked": "Đã công bố kết quả xếp hạng",
    "honouring": "Đang bình xét, suy tôn",
    "honoured": "Đã bình xét, suy tôn xong",
}
# The awards a cluster's honouring vote proposes its leading units for.
HONOURING_AWARDS = {
    "co_thi_dua_thanh_pho": "Cờ thi đua Thành phố",
    "bang_khen_thanh_pho": "Bằng khen của Chủ tịch UBND Thành phố",
    "giay_khen": "Giấy khen",
    "co_thi_dua_chinh_phu": "Cờ thi đua của Chính phủ",
}
SCORER_ROLES = frozenset({"unit_officer", "unit_head"})
_INDEX = re.compile(r"\.(\d+)(?=\.|$)")


def stage_of(cluster: Mapping[str, Any]) -> str:
    """How far a cluster (as review shows it) has gone, from set up to the honouring vote closed."""
    honouring = cluster.get("honouring")
    if honouring:
        return "honoured" if honouring.get("status") == "closed" else "honouring"
    steps = (
        ("results", "ranked"),
        ("sheets", "scoring"),
        ("assignment", "assigned"),
        ("criteria", "criteria"),
    )
    return next((stage for part, stage in steps if cluster.get(part)), "new")


def points_vi(value: float | int | str | None) -> str:
    """Points as a Vietnamese reads them: 96, 7,5 (a decimal comma, at most 2 decimals)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    return shown.replace(".", ",")


def typed_points(text: str) -> float | str:
    """Points as typed ("7,5", " 8 "): a number, or the text itself for the service to refuse."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return text.strip()


def field_path(name: str) -> str:
    """A service's field name in one spelling: "marks.0.points" and "marks[0].points" both as the latter."""
    return _INDEX.sub(r"[\1]", name)


# Validation messages a service leaves in English inside its Vietnamese fallback, as a person reads them.
_ENGLISH = (
    (
        re.compile(r"Input should be greater than or equal to (-?\d+(?:\.\d+)?)"),
        "Phải lớn hơn hoặc bằng {0}.",
    ),
    (re.compile(r"Input should be less than or equal to (-?\d+(?:\.\d+)?)"), "Phải nhỏ hơn hoặc bằng {0}."),
    (re.compile(r"Input should be greater than (-?\d+(?:\.\d+)?)"), "Phải lớn hơn {0}."),
    (re.compile(r"Input should be less than (-?\d+(?:\.\d+)?)"), "Phải nhỏ hơn {0}."),
    (re.compile(r"Input should be a valid (number|integer)"), "Phải là một số."),
    (re.compile(r"String should match pattern"), "Không đúng định dạng."),
    (re.compile(r"List should have at least (\d+) item"), "Cần chọn ít nhất {0} mục."),
)


def vietnamese(message: str) -> str:
    """A service's message, with its untranslated validation fallback ("… (Input should …)") in Vietnamese."""
    for pattern, text in _ENGLISH:
        found = pattern.search(message)
        if found:
            return text.format(*(g.replace(".", ",") for g in found.groups()))
    return message


def named(text: str, names: Mapping[str, str]) -> str:
    """A service's message with the unit ids it quotes replaced by the units' names."""
    for unit_id, name in sorted(names.items(), key=lambda i: -len(i[0])):
        text = text.replace(f"'{unit_id}'", name).replace(unit_id, name)
    return text


@dataclass(frozen=True)
class Powers:
    """What the signed-in person may do in a cluster, from the roles they hold."""

    head: bool
    office: bool
    scorer_units: tuple[str, ...]  # members whose officer or head the person is: they fill sheets
    voter_units: tuple[str, ...]  # members the person heads: they vote in the honouring


def powers(cluster: Mapping[str, Any], places: Iterable[tuple[str, Iterable[str]]]) -> Powers:
    """The person's powers in the cluster, from (unit id, roles) of their active roles."""
    roles = {unit: set(held) for unit, held in places}
    members = list(cluster["member_ids"])
    return Powers(
        head="cluster_head" in roles.get(cluster["head_id"], set()),
        office=bool({"standing_office", "admin"} & roles.get(cluster["level_unit_id"], set())),
        scorer_units=tuple(m for m in members if SCORER_ROLES & roles.get(m, set())),
        voter_units=tuple(m for m in members if "unit_head" in roles.get(m, set())),
    )


def assigned_to(cluster: Mapping[str, Any], inspector: str) -> list[str]:
    """The members a member inspects (its cross sheets to fill), in the drawn order."""
    pairs = (cluster.get("assignment") or {}).get("pairs", [])
    return [p["inspected"] for p in pairs if p["inspector"] == inspector]


def sheet_of(cluster: Mapping[str, Any], kind: str, scorer: str, scored: str) -> dict[str, Any] | None:
    """The sheet a scorer filled for a unit (self or cross), if any."""
    sheet: dict[str, Any] | None = (cluster.get("sheets") or {}).get(f"{kind}|{scorer}|{scored}")
    return sheet


def hash_groups(content_hash: str, size: int = 8) -> list[str]:
    """A long hash in groups a person can read aloud and compare."""
    return [content_hash[i : i + size] for i in range(0, len(content_hash), size)]
