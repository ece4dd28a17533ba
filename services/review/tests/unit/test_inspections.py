"""Unit tests of review.domain.inspections: balanced, seeded cross-inspection honouring conflicts."""

from __future__ import annotations

from collections import Counter

import pytest

from emutrack_kit.errors import Unprocessable
from review.domain.clusters import Cluster, ConflictOfInterest, new_cluster
from review.domain.inspections import Assignment, assign, assign_for_cluster


def units(n: int) -> list[str]:
    return [f"u{i:02d}" for i in range(n)]


def check_balanced(result: Assignment, members: list[str], k: int) -> None:
    assert len(result.pairs) == len(set(result.pairs)) == len(members) * k
    assert all(a != b for a, b in result.pairs), "a unit never inspects itself"
    inspects = Counter(a for a, _ in result.pairs)
    inspected = Counter(b for _, b in result.pairs)
    assert all(inspects[m] == k for m in members)
    assert all(inspected[m] == k for m in members)
    assert set(inspects) | set(inspected) == set(members)


def check_conflicts(result: Assignment, conflicts: list[tuple[str, str]]) -> None:
    for a, b in conflicts:
        assert (a, b) not in result.pair_set
        assert (b, a) not in result.pair_set


@pytest.mark.parametrize("n", range(3, 21))
def test_every_unit_inspects_k_and_is_inspected_k_times_never_itself(n: int) -> None:
    members = units(n)
    for k in range(1, n):
        for seed in (0, "cum-ix-2024"):
            check_balanced(assign(members, k, seed=seed), members, k)


def test_the_same_seed_gives_the_same_assignment_whatever_the_input_order() -> None:
    members = units(9)
    first = assign(members, 3, seed=42)
    assert assign(list(reversed(members)), 3, seed=42) == first
    assert first.attempt == 0
    assert first.shifts == (1, 2, 3)
    others = {assign(members, 3, seed=s).pairs for s in range(10)}
    assert len(others) > 1, "different seeds draw different circles"


def test_the_default_is_two_inspectors() -> None:
    result = assign(units(5), seed=1)
    assert result.k == 2
    check_balanced(result, units(5), 2)


def test_queries_by_inspector_and_by_inspected_unit() -> None:
    result = assign(units(6), 2, seed=7)
    for u in units(6):
        assert len(result.inspected_by(u)) == 2
        assert len(result.inspectors_of(u)) == 2
        assert all(u in result.inspected_by(i) for i in result.inspectors_of(u))


def test_a_conflict_that_needs_non_adjacent_shifts_is_honoured() -> None:
    # 4 units, k = 2: with shifts {1, 2} any two units face each other; only {1, 3} separates a pair.
    members = units(4)
    conflicts = [("u00", "u01")]
    for seed in range(20):
        result = assign(members, 2, seed=seed, conflicts=conflicts)
        check_balanced(result, members, 2)
        check_conflicts(result, conflicts)


@pytest.mark.parametrize("seed", range(10))
def test_many_conflicts_are_honoured(seed: int) -> None:
    members = units(12)
    conflicts = [
        ("u00", "u01"),
        ("u00", "u05"),
        ("u02", "u03"),
        ("u04", "u07"),
        ("u08", "u11"),
        ("u09", "u10"),
    ]
    result = assign(members, 3, seed=seed, conflicts=conflicts)
    check_balanced(result, members, 3)
    check_conflicts(result, conflicts)


def test_a_clusters_declared_conflicts_are_used() -> None:
    members = ("p-a", "p-b", "p-c", "p-d", "p-e")
    cluster = new_cluster(
        Cluster(
            cluster_id="cum-1",
            name="Cụm 1",
            level_unit_id="q-x",
            year=2024,
            member_ids=members,
            head_id="p-a",
            deputy_id="p-b",
            conflicts=(ConflictOfInterest("p-a", "p-c"), ConflictOfInterest("p-b", "p-d")),
        )
    )
    for seed in range(10):
        result = assign_for_cluster(cluster, 2, seed=seed)
        check_balanced(result, list(members), 2)
        check_conflicts(result, [("p-a", "p-c"), ("p-b", "p-d")])


@pytest.mark.parametrize(("n", "k"), [(3, 3), (3, 4), (5, 5)])
def test_k_at_least_the_number_of_members_is_impossible(n: int, k: int) -> None:
    with pytest.raises(Unprocessable) as err:
        assign(units(n), k, seed=1)
    assert err.value.code == "INSPECTION_IMPOSSIBLE"
    assert err.value.field == "k"
    assert err.value.details == {"members": n, "k": k}


def test_k_below_one_is_refused() -> None:
    with pytest.raises(Unprocessable) as err:
        assign(units(4), 0, seed=1)
    assert err.value.code == "INVALID_INSPECTOR_COUNT"


def test_a_unit_with_too_many_conflicts_is_named() -> None:
    with pytest.raises(Unprocessable) as err:
        assign(units(4), 2, seed=1, conflicts=[("u00", "u01"), ("u00", "u02")])
    assert err.value.code == "INSPECTION_IMPOSSIBLE"
    assert err.value.details == {"unit_id": "u00", "free_peers": 1, "k": 2}
    assert "u00" in err.value.message


def test_conflicts_that_no_assignment_can_meet_are_refused_after_bounded_attempts() -> None:
    # 3 units, k = 1, u00 and u01 may not meet: both would have to inspect u02 — truly impossible.
    with pytest.raises(Unprocessable) as err:
        assign(units(3), 1, seed=1, conflicts=[("u00", "u01")], max_attempts=50)
    assert err.value.code == "INSPECTION_IMPOSSIBLE"
    assert err.value.details["attempts"] == 50
    assert err.value.field == "conflicts"


@pytest.mark.parametrize("conflict", [("u00", "u00"), ("u00", "zz")])
def test_a_conflict_outside_the_members_is_refused(conflict: tuple[str, str]) -> None:
    with pytest.raises(Unprocessable) as err:
        assign(units(4), 1, seed=1, conflicts=[conflict])
    assert err.value.code == "INVALID_CONFLICT"


def test_duplicate_members_are_refused() -> None:
    with pytest.raises(Unprocessable) as err:
        assign(["u00", "u01", "u02", "u01"], 1, seed=1)
    assert err.value.code == "DUPLICATE_MEMBER"
