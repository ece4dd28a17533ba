"""Emulation clusters (cụm / khối thi đua): members, rotating head and deputy, conflicts (docs/domain.md §4).

A cluster exists per year: peer units of one level, a head (Cụm trưởng) and a deputy (Cụm phó),
its charter (quy chế) and covenant (giao ước thi đua) as document references, and declared
conflicts of interest (pairs of members that must not inspect each other).

Rotation rule (`rotate`): members keep the order of the charter's list, read as a circle; next
year's head is this year's deputy, and next year's deputy is the member after the new head in
that order, skipping the outgoing head. With members [A, B, C, D] and head A, deputy B, the
years run A/B, B/C, C/D, D/A, A/B... so every member leads in turn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from emutrack_kit.errors import Unprocessable

MIN_MEMBERS = 3


@dataclass(frozen=True)
class ConflictOfInterest:
    """Two members that must not inspect each other (e.g. one's head chairs the other's board)."""

    first_id: str
    second_id: str
    reason: str = ""

    @property
    def pair(self) -> frozenset[str]:
        """The two unit ids, unordered."""
        return frozenset((self.first_id, self.second_id))


@dataclass(frozen=True)
class Cluster:
    """A cluster in one year; build it with `new_cluster` so it is validated."""

    cluster_id: str
    name: str
    level_unit_id: str  # the level that organises the cluster (city, district or ward)
    year: int
    member_ids: tuple[str, ...]  # in the charter's order: the rotation follows it
    head_id: str
    deputy_id: str
    charter_ref: str | None = None
    covenant_ref: str | None = None
    conflicts: tuple[ConflictOfInterest, ...] = ()

    @property
    def conflict_pairs(self) -> tuple[tuple[str, str], ...]:
        """Declared conflicts as (first, second) pairs, for the inspection assignment."""
        return tuple((c.first_id, c.second_id) for c in self.conflicts)

    def in_conflict(self, a: str, b: str) -> bool:
        """True if a conflict of interest was declared between `a` and `b` (either order)."""
        return frozenset((a, b)) in {c.pair for c in self.conflicts}

    def is_member(self, unit_id: str) -> bool:
        """True if the unit belongs to the cluster this year."""
        return unit_id in self.member_ids


def new_cluster(cluster: Cluster, member_levels: Mapping[str, str] | None = None) -> Cluster:
    """The cluster, once validated; `member_levels` (unit id → level), when given, must show one level."""
    cluster = replace(
        cluster,
        name=cluster.name.strip(),
        member_ids=tuple(cluster.member_ids),
        conflicts=tuple(cluster.conflicts),
    )
    validate(cluster, member_levels)
    return cluster


def validate(cluster: Cluster, member_levels: Mapping[str, str] | None = None) -> None:
    """Refuse a cluster breaking a rule: name, ≥ 3 distinct members of one level, head/deputy, conflicts."""
    if not cluster.name:
        raise Unprocessable("CLUSTER_NAME_REQUIRED", "Cần nhập tên cụm thi đua.", field="name")
    seen: set[str] = set()
    for member in cluster.member_ids:
        if member in seen:
            raise Unprocessable(
                "DUPLICATE_MEMBER",
                f"Đơn vị '{member}' được ghi hai lần trong danh sách thành viên cụm; hãy xóa dòng trùng.",
                field="member_ids",
                details={"unit_id": member},
            )
        seen.add(member)
    if len(seen) < MIN_MEMBERS:
        raise Unprocessable(
            "CLUSTER_TOO_SMALL",
            f"Cụm thi đua cần ít nhất {MIN_MEMBERS} đơn vị thành viên để chấm chéo; hiện có {len(seen)}.",
            field="member_ids",
            details={"members": len(seen), "minimum": MIN_MEMBERS},
        )
    if member_levels is not None:
        _require_one_level(cluster, member_levels)
    roles = (
        ("HEAD_NOT_MEMBER", "Cụm trưởng", "head_id", cluster.head_id),
        ("DEPUTY_NOT_MEMBER", "Cụm phó", "deputy_id", cluster.deputy_id),
    )
    for code, role, field_name, unit_id in roles:
        if unit_id not in seen:
            raise Unprocessable(
                code,
                f"{role} phải là đơn vị thành viên của cụm; '{unit_id}' không có trong danh sách.",
                field=field_name,
                details={"unit_id": unit_id},
            )
    if cluster.head_id == cluster.deputy_id:
        raise Unprocessable(
            "HEAD_IS_DEPUTY",
            "Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau.",
            field="deputy_id",
        )
    for i, conflict in enumerate(cluster.conflicts):
        _require_valid_conflict(conflict, seen, f"conflicts[{i}]")


def rotate(cluster: Cluster, next_year: int) -> Cluster:
    """Next year's cluster: the deputy becomes head, the next member (not the outgoing head) deputy.

    Members, conflicts and the charter carry over; the covenant is signed each year, so it is cleared.
    """
    if next_year <= cluster.year:
        raise Unprocessable(
            "ROTATION_YEAR",
            f"Năm luân phiên ({next_year}) phải sau năm hiện tại của cụm ({cluster.year}).",
            field="next_year",
        )
    members = cluster.member_ids
    head = cluster.deputy_id
    start = members.index(head)
    following = (members[(start + step) % len(members)] for step in range(1, len(members)))
    deputy = next(m for m in following if m != cluster.head_id)
    return replace(cluster, year=next_year, head_id=head, deputy_id=deputy, covenant_ref=None)


def _require_one_level(cluster: Cluster, member_levels: Mapping[str, str]) -> None:
    levels = {member_levels.get(m) for m in cluster.member_ids}
    if None in levels:
        unknown = [m for m in cluster.member_ids if m not in member_levels]
        raise Unprocessable(
            "UNKNOWN_UNIT",
            f"Không tìm thấy đơn vị: {', '.join(unknown)}.",
            field="member_ids",
            details={"unit_ids": unknown},
        )
    if len(levels) > 1:
        raise Unprocessable(
            "MIXED_LEVELS",
            "Các đơn vị trong một cụm phải cùng cấp; danh sách đang có các cấp: "
            f"{', '.join(sorted(str(lv) for lv in levels))}.",
            field="member_ids",
            details={"levels": {m: member_levels[m] for m in cluster.member_ids}},
        )


def _require_valid_conflict(conflict: ConflictOfInterest, members: set[str], field_name: str) -> None:
    if conflict.first_id == conflict.second_id:
        raise Unprocessable(
            "CONFLICT_WITH_SELF",
            f"Xung đột lợi ích phải giữa hai đơn vị khác nhau ('{conflict.first_id}' ghi hai lần).",
            field=field_name,
        )
    outside = [u for u in (conflict.first_id, conflict.second_id) if u not in members]
    if outside:
        raise Unprocessable(
            "CONFLICT_NOT_MEMBER",
            "Xung đột lợi ích chỉ khai giữa các thành viên cụm; "
            f"không phải thành viên: {', '.join(outside)}.",
            field=field_name,
            details={"unit_ids": outside},
        )
