"""Unit tests of review.domain.clusters: membership rules, conflicts of interest, yearly rotation."""

from __future__ import annotations

from typing import Any

import pytest

from emutrack_kit.errors import Unprocessable
from review.domain.clusters import Cluster, ConflictOfInterest, new_cluster, rotate

WARDS = ("p-kim-giang", "p-khuong-dinh", "p-ha-dinh", "p-thanh-xuan-nam")


def cluster(**overrides: Any) -> Cluster:
    fields: dict[str, Any] = {
        "cluster_id": "cum-ix",
        "name": "Cụm thi đua số IX",
        "level_unit_id": "q-thanh-xuan",
        "year": 2023,
        "member_ids": WARDS,
        "head_id": "p-kim-giang",
        "deputy_id": "p-khuong-dinh",
        "charter_ref": "doc:quy-che-cum-ix",
        "covenant_ref": "doc:giao-uoc-2023",
        "conflicts": (ConflictOfInterest("p-kim-giang", "p-ha-dinh", "chung lãnh đạo"),),
    }
    fields.update(overrides)
    member_levels = fields.pop("member_levels", None)
    return new_cluster(Cluster(**fields), member_levels)


def refused(code: str, **overrides: Any) -> Unprocessable:
    with pytest.raises(Unprocessable) as err:
        cluster(**overrides)
    assert err.value.code == code
    return err.value


def test_a_valid_cluster_keeps_its_members_in_charter_order() -> None:
    c = cluster()
    assert c.member_ids == WARDS
    assert c.is_member("p-ha-dinh")
    assert not c.is_member("p-dai-kim")
    assert c.conflict_pairs == (("p-kim-giang", "p-ha-dinh"),)


def test_conflicts_hold_in_either_order() -> None:
    c = cluster()
    assert c.in_conflict("p-kim-giang", "p-ha-dinh")
    assert c.in_conflict("p-ha-dinh", "p-kim-giang")
    assert not c.in_conflict("p-kim-giang", "p-khuong-dinh")


def test_fewer_than_three_members_is_refused() -> None:
    err = refused("CLUSTER_TOO_SMALL", member_ids=WARDS[:2], conflicts=())
    assert err.field == "member_ids"
    assert err.details == {"members": 2, "minimum": 3}
    assert "ít nhất 3" in err.message


def test_a_duplicate_member_is_refused_by_name() -> None:
    err = refused("DUPLICATE_MEMBER", member_ids=(*WARDS, "p-ha-dinh"))
    assert "p-ha-dinh" in err.message
    assert err.field == "member_ids"


def test_duplicates_do_not_count_towards_the_minimum() -> None:
    refused("DUPLICATE_MEMBER", member_ids=("p-kim-giang", "p-khuong-dinh", "p-kim-giang"), conflicts=())


def test_head_and_deputy_must_be_members() -> None:
    assert refused("HEAD_NOT_MEMBER", head_id="p-dai-kim").field == "head_id"
    assert refused("DEPUTY_NOT_MEMBER", deputy_id="p-dai-kim").field == "deputy_id"


def test_head_and_deputy_must_differ() -> None:
    assert refused("HEAD_IS_DEPUTY", deputy_id="p-kim-giang").field == "deputy_id"


def test_name_is_required() -> None:
    refused("CLUSTER_NAME_REQUIRED", name="  ")


def test_conflicts_are_between_two_distinct_members() -> None:
    assert (
        refused("CONFLICT_WITH_SELF", conflicts=(ConflictOfInterest("p-ha-dinh", "p-ha-dinh"),)).field
        == "conflicts[0]"
    )
    err = refused("CONFLICT_NOT_MEMBER", conflicts=(ConflictOfInterest("p-ha-dinh", "p-dai-kim"),))
    assert err.details == {"unit_ids": ["p-dai-kim"]}


def test_members_must_be_of_one_level_when_levels_are_known() -> None:
    levels = dict.fromkeys(WARDS, "ward")
    assert cluster(member_levels=levels).member_ids == WARDS
    err = refused("MIXED_LEVELS", member_levels={**levels, "p-ha-dinh": "district"})
    assert "district" in err.message
    refused("UNKNOWN_UNIT", member_levels={w: "ward" for w in WARDS[:3]})


def test_rotation_gives_every_member_a_turn_as_head() -> None:
    c = cluster()
    seen = []
    for year in range(2024, 2029):
        c = rotate(c, year)
        seen.append((c.year, c.head_id, c.deputy_id))
    assert seen == [
        (2024, "p-khuong-dinh", "p-ha-dinh"),
        (2025, "p-ha-dinh", "p-thanh-xuan-nam"),
        (2026, "p-thanh-xuan-nam", "p-kim-giang"),
        (2027, "p-kim-giang", "p-khuong-dinh"),
        (2028, "p-khuong-dinh", "p-ha-dinh"),
    ]


def test_rotation_skips_the_outgoing_head_for_deputy() -> None:
    c = cluster(head_id="p-khuong-dinh", deputy_id="p-kim-giang")
    nxt = rotate(c, 2024)
    assert (nxt.head_id, nxt.deputy_id) == ("p-kim-giang", "p-ha-dinh")


def test_rotation_keeps_members_charter_and_conflicts_and_clears_the_covenant() -> None:
    c = cluster()
    nxt = rotate(c, 2024)
    assert nxt.member_ids == c.member_ids
    assert nxt.conflicts == c.conflicts
    assert nxt.charter_ref == c.charter_ref
    assert nxt.covenant_ref is None
    assert c.year == 2023  # the old year is untouched


@pytest.mark.parametrize("year", [2023, 2022])
def test_rotation_goes_forward_only(year: int) -> None:
    with pytest.raises(Unprocessable) as err:
        rotate(cluster(), year)
    assert err.value.code == "ROTATION_YEAR"


def test_rotation_with_three_members_cycles() -> None:
    c = cluster(member_ids=WARDS[:3], conflicts=())
    heads = []
    for year in range(2024, 2027):
        c = rotate(c, year)
        heads.append(c.head_id)
        assert c.head_id != c.deputy_id
    assert sorted(heads) == sorted(WARDS[:3])
