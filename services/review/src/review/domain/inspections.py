"""Cross-inspection assignment (kiểm tra chéo): who scores whom in a cluster (docs/domain.md §4).

Every member is scored by exactly k peers and inspects exactly k peers, never itself, and
two members with a declared conflict of interest never inspect each other.

Method (simple and constructive): sort the members, shuffle them with `random.Random(seed)`
and seat them on a circle; with a set S of k distinct shifts in 1..n-1, the member at seat p
inspects the members at seats p + s (mod n) for s in S. Any such circulant is balanced (each
member inspects k and is inspected k times) and never self-inspecting because 0 ∉ S. The first
attempt uses S = {1..k} (each unit inspects the next k on the circle); when a conflicting pair
lands at a distance where one would inspect the other, the next attempt draws a new seating
and a new random S from the same seeded generator, up to `max_attempts`. The same members,
k, conflicts and seed always give the same assignment.

Refused with INSPECTION_IMPOSSIBLE: k ≥ number of members, a member whose conflicts leave fewer
than k possible peers, or no valid circulant found within the attempts (a circulant is a
restricted family, so the message asks to lower k or review the conflicts rather than claiming
that no assignment at all exists).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from emutrack_kit.errors import Unprocessable
from review.domain.clusters import Cluster

DEFAULT_K = 2
MAX_ATTEMPTS = 2000


@dataclass(frozen=True)
class Assignment:
    """Who inspects whom, and how it was drawn (seed, seating, shifts, attempt) to replay it."""

    seed: int | str
    k: int
    seating: tuple[str, ...]
    shifts: tuple[int, ...]
    attempt: int
    pairs: tuple[tuple[str, str], ...]  # (inspector, inspected), sorted

    @property
    def pair_set(self) -> frozenset[tuple[str, str]]:
        """The (inspector, inspected) pairs, for checking a score sheet's scorer."""
        return frozenset(self.pairs)

    def inspected_by(self, inspector_id: str) -> tuple[str, ...]:
        """The units that `inspector_id` inspects."""
        return tuple(b for a, b in self.pairs if a == inspector_id)

    def inspectors_of(self, unit_id: str) -> tuple[str, ...]:
        """The units that inspect `unit_id`."""
        return tuple(a for a, b in self.pairs if b == unit_id)


def assign(
    member_ids: Sequence[str],
    k: int = DEFAULT_K,
    *,
    seed: int | str,
    conflicts: Iterable[tuple[str, str]] = (),
    max_attempts: int = MAX_ATTEMPTS,
) -> Assignment:
    """A balanced assignment where each member inspects k peers and is inspected by k, honouring conflicts."""
    members = sorted(set(member_ids))
    if len(members) != len(member_ids):
        raise Unprocessable(
            "DUPLICATE_MEMBER", "Danh sách đơn vị kiểm tra chéo có đơn vị bị trùng.", field="member_ids"
        )
    n = len(members)
    if k < 1:
        raise Unprocessable(
            "INVALID_INSPECTOR_COUNT",
            f"Số đơn vị kiểm tra mỗi đơn vị phải từ 1 trở lên (đang là {k}).",
            field="k",
        )
    if k >= n:
        raise _impossible(
            f"Cụm có {n} đơn vị nên mỗi đơn vị chỉ có thể được tối đa {n - 1} đơn vị khác kiểm tra; "
            f"hãy chọn số đơn vị kiểm tra nhỏ hơn {k}.",
            "k",
            {"members": n, "k": k},
        )
    pairs = _conflict_pairs(conflicts, set(members))
    for unit in members:
        free = n - 1 - sum(1 for p in pairs if unit in p)
        if free < k:
            raise _impossible(
                f"Đơn vị '{unit}' chỉ còn {free} đơn vị không xung đột lợi ích, không đủ {k} đơn vị "
                "kiểm tra chéo; hãy giảm số đơn vị kiểm tra hoặc xem lại các cặp xung đột.",
                "conflicts",
                {"unit_id": unit, "free_peers": free, "k": k},
            )
    rng = random.Random(seed)  # noqa: S311 - a reproducible draw, not a secret
    for attempt in range(max_attempts):
        seating = members.copy()
        rng.shuffle(seating)
        shifts = tuple(range(1, k + 1)) if attempt == 0 else tuple(sorted(rng.sample(range(1, n), k)))
        if _honours(seating, shifts, pairs):
            drawn = sorted((seating[p], seating[(p + s) % n]) for p in range(n) for s in shifts)
            return Assignment(seed, k, tuple(seating), shifts, attempt, tuple(drawn))
    raise _impossible(
        f"Không tìm được cách phân công {k} đơn vị kiểm tra chéo cho mỗi đơn vị tránh được các cặp xung "
        f"đột lợi ích sau {max_attempts} lần thử; hãy giảm số đơn vị kiểm tra hoặc xem lại các cặp xung đột.",
        "conflicts",
        {"k": k, "members": n, "attempts": max_attempts},
    )


def assign_for_cluster(cluster: Cluster, k: int = DEFAULT_K, *, seed: int | str) -> Assignment:
    """`assign` over a cluster's members and declared conflicts of interest."""
    return assign(cluster.member_ids, k, seed=seed, conflicts=cluster.conflict_pairs)


def _honours(seating: list[str], shifts: tuple[int, ...], pairs: set[frozenset[str]]) -> bool:
    """True if no conflicting pair sits at a distance where one would inspect the other."""
    n, seat = len(seating), {unit: p for p, unit in enumerate(seating)}
    for pair in pairs:
        a, b = sorted(pair)
        distance = (seat[b] - seat[a]) % n
        if distance in shifts or n - distance in shifts:
            return False
    return True


def _conflict_pairs(conflicts: Iterable[tuple[str, str]], members: set[str]) -> set[frozenset[str]]:
    out = set()
    for i, (a, b) in enumerate(conflicts):
        if a == b or a not in members or b not in members:
            raise Unprocessable(
                "INVALID_CONFLICT",
                f"Cặp xung đột lợi ích ('{a}', '{b}') phải gồm hai đơn vị khác nhau trong cụm.",
                field=f"conflicts[{i}]",
            )
        out.add(frozenset((a, b)))
    return out


def _impossible(message: str, field_name: str, details: dict[str, object]) -> Unprocessable:
    return Unprocessable("INSPECTION_IMPOSSIBLE", message, field=field_name, details=details)
