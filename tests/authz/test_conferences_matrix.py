"""Who may plan, staff, confirm, report and read conferences of exemplars (registration, issue 18.1).

Same places and roles as the other matrices. An allowed write acts on a conference of its own (each
place's level plans for a year of its own) and must change it; a refused one must change nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

import registration.bootstrap
import registration.entrypoints.http
from emutrack_kit_testing.helpers import isolated_settings
from registration.config import Settings
from registration.entrypoints.seed import seed

from .matrix import as_, cases, check_tables

# POST /conferences for Thanh Xuân: its standing office, or an admin of it or above.
PLAN_THANH_XUAN_CONFERENCE: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      201,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      201,        201,    403,         403),
}  # fmt: skip
# PUT /conferences/{Kim Giang's}/delegates (and confirmation, report): Kim Giang's office, admins above.
STAFF_KIM_GIANG_CONFERENCE: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (200,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip
# GET /conferences/{Kim Giang's}: every role of Kim Giang, the subtree roles above it.
READ_KIM_GIANG_CONFERENCE: dict[str, tuple[int, ...]] = {
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
TABLES = {
    "plan": PLAN_THANH_XUAN_CONFERENCE,
    "staff": STAFF_KIM_GIANG_CONFERENCE,
    "read": READ_KIM_GIANG_CONFERENCE,
}
KIM_GIANG_OFFICE = as_("standing_office", "p-kim-giang")
DELEGATES = {"delegates": [{"full_name": "Nguyễn Thị Thịnh", "category": "dien_hinh", "female": True}]}


def test_every_table_has_a_row_per_role_and_a_column_per_place() -> None:
    check_tables(TABLES)


class World:
    """Registration seeded on its own namespace, in December 2019; conferences made on demand."""

    def __init__(self, http: httpx.AsyncClient, db: Any) -> None:
        self.http, self.db, self.years = http, db, iter(range(2009, 2020))  # while the ward existed

    async def kim_giang_conference(self) -> str:
        """A fresh conference of Kim Giang's (a year of its own)."""
        plan = {"level_unit_id": "p-kim-giang", "name": "Hội nghị điển hình tiên tiến phường",
                "hold_by": f"{next(self.years)}-03-15"}  # fmt: skip
        created = await self.http.post("/conferences", json=plan, headers=KIM_GIANG_OFFICE)
        assert created.status_code == 201, created.text
        return str(created.json()["conference_id"])


@pytest.fixture(scope="module")
async def world(infra: Any) -> AsyncIterator[World]:
    namespace = f"t{uuid.uuid4().hex[:10]}"
    settings = Settings(**isolated_settings(infra.kafka, infra.mongodb, namespace))
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    try:
        await seed(settings, deadline=None)
        deps = registration.bootstrap.deps(settings, clock=lambda: datetime(2019, 12, 10, 3, 0, tzinfo=UTC))
        app = registration.entrypoints.http.create_app(settings, deps)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registration") as http:
            yield World(http, raw[f"{namespace}_registration"])
    finally:
        await raw.drop_database(f"{namespace}_registration")
        await raw.close()


@pytest.fixture(scope="module")
async def shared(world: World) -> str:
    """The conference the refused cases try."""
    return await world.kim_giang_conference()


def refused(response: httpx.Response, expected: int) -> None:
    assert response.status_code == expected, response.text
    assert response.json()["error"]["code"] in ("FORBIDDEN_UNIT", "NOT_LEVEL_OFFICE"), response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(PLAN_THANH_XUAN_CONFERENCE))
async def test_plan_thanh_xuan_conference(world: World, role: str, unit: str, expected: int) -> None:
    allowed = {
        ("standing_office", "q-thanh-xuan"): 2021,
        ("admin", "q-thanh-xuan"): 2022,
        ("admin", "ha-noi"): 2023,
    }
    year = allowed.get((role, unit), 2024)  # a refused case writes nothing: they may share a year
    plan = {
        "level_unit_id": "q-thanh-xuan",
        "name": "Hội nghị điển hình tiên tiến quận",
        "hold_by": f"{year}-03-31",
    }
    response = await world.http.post("/conferences", json=plan, headers=as_(role, unit))
    stored = await world.db["conferences"].find_one({"_id": f"hn-{year}-q-thanh-xuan"})
    if expected == 201:
        assert response.status_code == 201, response.text
        assert stored is not None
    else:
        refused(response, expected)
        assert stored is None


@pytest.mark.parametrize("step", ["delegates", "confirmation"])
@pytest.mark.parametrize(("role", "unit", "expected"), cases(STAFF_KIM_GIANG_CONFERENCE))
async def test_staff_kim_giang_conference(
    world: World, shared: str, role: str, unit: str, expected: int, step: str
) -> None:
    target = await world.kim_giang_conference() if expected == 200 else shared
    if step == "confirmation" and expected == 200:
        sent = await world.http.put(
            f"/conferences/{target}/delegates", json=DELEGATES, headers=KIM_GIANG_OFFICE
        )
        assert sent.status_code == 200, sent.text
    before = await world.db["conferences"].find_one({"_id": target})
    if step == "delegates":
        response = await world.http.put(
            f"/conferences/{target}/delegates", json=DELEGATES, headers=as_(role, unit)
        )
    else:
        response = await world.http.post(f"/conferences/{target}/confirmation", headers=as_(role, unit))
    after = await world.db["conferences"].find_one({"_id": target})
    if expected == 200:
        assert response.status_code == 200, response.text
        assert after != before
    else:
        refused(response, expected)
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_CONFERENCE))
async def test_read_kim_giang_conference(
    world: World, shared: str, role: str, unit: str, expected: int
) -> None:
    response = await world.http.get(f"/conferences/{shared}", headers=as_(role, unit))
    if expected == 200:
        assert response.status_code == 200, response.text
        assert response.json()["level_name"] == "Phường Kim Giang"
    else:
        refused(response, expected)
