"""Who may read, list, score and decide initiatives (sáng kiến) before Thanh Xuân's council.

Same places and roles as the other matrices: one literal table per endpoint, one case per (role,
place). An allowed write acts on a fresh initiative and must change it; a refused one acts on a
shared initiative and must change nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from emutrack_contracts import samples

from .matrix import as_, cases, check_tables
from .review_world import POS, Review, review_on

LEVEL = "q-thanh-xuan"
MARKS = {"member_name": "Trần Văn Bình", "marks": {"tinh_moi": 25, "kha_nang_ap_dung": 25, "hieu_qua": 30}}
DECISION = {
    "recognised": True,
    "scope": "cap_huyen",
    "decision_number": "12/QĐ-UBND",
    "signed_on": "2020-06-01",
}

# GET /initiatives/{id} of Kim Giang's initiative: every role of Kim Giang, the subtree roles above it.
READ_KIM_GIANG_INITIATIVE: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip
# GET /initiatives?level_unit_id=q-thanh-xuan: the subtree roles of the level and above.
LIST_THANH_XUAN_INITIATIVES: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      200,        200,    403,         403),
    "council_member":  (403,      200,        200,    403,         403),
    "council_chair":   (403,      200,        200,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      200,        200,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip
# POST /initiatives/{id}/scores: the members (and the chair) of Thanh Xuân's own council.
SCORE_FOR_THANH_XUAN: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      200,        403,    403,         403),
    "council_chair":   (403,      200,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        403,    403,         403),
}  # fmt: skip
# POST /initiatives/{id}/decision: the chair of Thanh Xuân's council alone.
DECIDE_FOR_THANH_XUAN: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      200,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        403,    403,         403),
}  # fmt: skip
TABLES = {
    "read": READ_KIM_GIANG_INITIATIVE,
    "list": LIST_THANH_XUAN_INITIATIVES,
    "score": SCORE_FOR_THANH_XUAN,
    "decide": DECIDE_FOR_THANH_XUAN,
}
MEMBER = as_("council_member", LEVEL, "m2")


def test_every_table_has_a_row_per_role_and_a_column_per_place() -> None:
    check_tables(TABLES)


class World(Review):
    """Review with the tree; initiatives of Kim Giang sent to Thanh Xuân."""

    async def initiative(self, *, scored: bool = False) -> str:
        """A fresh Kim Giang initiative before Thanh Xuân's council (scored by one member if asked)."""
        submission_id = f"sk-{uuid.uuid4().hex[:8]}"
        await self.on["initiative.submitted"](samples.initiative_submitted(submission_id), POS)
        if scored:
            response = await self.http.post(
                f"/initiatives/{submission_id}/scores", json=MARKS, headers=MEMBER
            )
            assert response.status_code == 200, response.text
        return submission_id


@pytest.fixture(scope="module")
async def world(infra: Any) -> AsyncIterator[World]:
    units = [("ha-noi", "city", []), (LEVEL, "district", ["ha-noi"]), ("q-hoang-mai", "district", ["ha-noi"])]
    units += [(w, "ward", ["ha-noi", LEVEL]) for w in ("p-kim-giang", "p-khuong-dinh")]
    async with review_on(infra, datetime(2020, 6, 1, 3, 0, tzinfo=UTC), units) as running:
        yield World(running.http, running.db, running.on)


@pytest.fixture(scope="module")
async def shared(world: World) -> dict[str, str]:
    """The initiative the refused cases try (scored once, so a decision would be possible)."""
    return {"initiative": await world.initiative(scored=True)}


def refused(response: httpx.Response, expected: int) -> None:
    assert response.status_code == expected, response.text
    assert response.json()["error"]["code"] in ("FORBIDDEN_UNIT", "NOT_LEVEL_COUNCIL"), response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_INITIATIVE))
async def test_read_kim_giang_initiative(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    response = await world.http.get(f"/initiatives/{shared['initiative']}", headers=as_(role, unit))
    if expected == 200:
        assert response.status_code == 200, response.text
        assert response.json()["unit_name"] == "Phường Kim Giang"
    else:
        refused(response, expected)
        assert "Số hoá" not in response.text  # the refusal tells nothing of the initiative


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_THANH_XUAN_INITIATIVES))
async def test_list_thanh_xuan_initiatives(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    response = await world.http.get("/initiatives", params={"level_unit_id": LEVEL}, headers=as_(role, unit))
    if expected == 200:
        assert response.status_code == 200, response.text
        assert shared["initiative"] in {i["submission_id"] for i in response.json()["items"]}
    else:
        refused(response, expected)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SCORE_FOR_THANH_XUAN))
async def test_score_for_thanh_xuan(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    target = await world.initiative() if expected == 200 else shared["initiative"]
    before = await world.db["initiatives"].find_one({"_id": target})
    response = await world.http.post(
        f"/initiatives/{target}/scores", json=MARKS, headers=as_(role, unit, "m9")
    )
    after = await world.db["initiatives"].find_one({"_id": target})
    if expected == 200:
        assert response.status_code == 200, response.text
        assert [s["member"] for s in after["scores"]] == ["m9"]
    else:
        refused(response, expected)
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(DECIDE_FOR_THANH_XUAN))
async def test_decide_for_thanh_xuan(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    target = await world.initiative(scored=True) if expected == 200 else shared["initiative"]
    before = await world.db["initiatives"].find_one({"_id": target})
    response = await world.http.post(
        f"/initiatives/{target}/decision", json=DECISION, headers=as_(role, unit)
    )
    after = await world.db["initiatives"].find_one({"_id": target})
    if expected == 200:
        assert response.status_code == 200, response.text
        assert after["status"] == "recognised"
    else:
        refused(response, expected)
        assert after == before
