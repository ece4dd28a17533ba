"""Who may set a unit's notifications, read its delivery log, and write a level's templates.

Same places and roles as test_authorization_matrix.py: one literal table per action, one case per
(role, place). An allowed case writes something of its own and must change it; a refused one must
change nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

import notify.bootstrap
import notify.entrypoints.http
from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import isolated_settings
from notify.config import Settings

from .matrix import as_, cases, check_tables

POS = Position("t", 0, 0)
ROUND_OPENED = new_event(
    "round.opened", unit_path=["ha-noi", "q-thanh-xuan"], actor="t",
    payload=RoundOpened(
        round_id="dk-tx", name="Đăng ký thi đua", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=datetime(2099, 12, 31, 16, 59, tzinfo=UTC),
    ),
)  # fmt: skip

# GET /units/p-kim-giang/notification-settings and PUT .../contacts: the unit's officer and head,
# and the standing offices (and admins) whose subtree holds it.
KEEP_KIM_GIANG_CONTACTS: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip
# POST /units/p-kim-giang/webhooks: the unit's own portal, so its officer or head (or an admin).
SUBSCRIBE_KIM_GIANG_PORTAL: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (201,      403,        403,    403,         403),
    "unit_head":       (201,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (201,      201,        201,    403,         403),
}  # fmt: skip
# PUT /units/p-kim-giang/preferences/unit_officer: the officer's own choice, or the unit head's.
CHOOSE_KIM_GIANG_OFFICER_CHANNELS: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        403,    403,         403),
}  # fmt: skip
# GET /units/p-kim-giang/deliveries: the standing offices (and admins) whose subtree holds it.
READ_KIM_GIANG_DELIVERY_LOG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip
# PUT /levels/q-thanh-xuan/templates/{event}/{channel}: Thanh Xuân's standing office, or the city's.
WRITE_THANH_XUAN_TEMPLATE: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      200,        200,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip
# POST /rounds/{id}/reminders for a round Thanh Xuân receives: the standing offices (and admins) above it.
REMIND_FOR_THANH_XUAN_ROUND: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      201,        201,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      201,        201,    403,         403),
}  # fmt: skip
TABLES = {
    "contacts": KEEP_KIM_GIANG_CONTACTS,
    "webhooks": SUBSCRIBE_KIM_GIANG_PORTAL,
    "preferences": CHOOSE_KIM_GIANG_OFFICER_CHANNELS,
    "delivery log": READ_KIM_GIANG_DELIVERY_LOG,
    "templates": WRITE_THANH_XUAN_TEMPLATE,
    "remind now": REMIND_FOR_THANH_XUAN_ROUND,
}


def test_every_table_has_a_row_per_role_and_a_column_per_place() -> None:
    check_tables(TABLES)


@dataclass
class World:
    http: httpx.AsyncClient
    db: Any

    async def state(self) -> list[Any]:
        """Everything a settings call could change."""
        settings = await self.db["unit_settings"].find({}).sort("_id", 1).to_list(None)
        templates = await self.db["template_overrides"].find({}).sort("_id", 1).to_list(None)
        return [settings, templates]


@pytest.fixture(scope="module")
async def world(infra: Any) -> AsyncIterator[World]:
    namespace = f"t{uuid.uuid4().hex[:10]}"
    settings = Settings(**isolated_settings(infra.kafka, infra.mongodb, namespace))
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    try:
        deps = notify.bootstrap.deps(settings)
        on = notify.bootstrap.event_handlers(deps)
        tree = [
            ("ha-noi", "city", []),
            ("q-thanh-xuan", "district", ["ha-noi"]),
            ("q-hoang-mai", "district", ["ha-noi"]),
            ("p-kim-giang", "ward", ["ha-noi", "q-thanh-xuan"]),
            ("p-khuong-dinh", "ward", ["ha-noi", "q-thanh-xuan"]),
        ]
        for unit_id, kind, path in tree:
            await on["unit.created"](samples.unit_created(unit_id, f"Đơn vị {unit_id}", kind, path), POS)
        await on["round.opened"](ROUND_OPENED, POS)
        app = notify.entrypoints.http.create_app(settings, deps)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://notify"
        ) as http:
            yield World(http, raw[f"{namespace}_notify"])
    finally:
        await raw.drop_database(f"{namespace}_notify")
        await raw.close()


async def check(world: World, response_of: Any, expected: int, changed: Any) -> None:
    """Allowed: the expected status and the change made; refused: 403 and nothing changed."""
    before = await world.state()
    response = await response_of()
    assert response.status_code == expected, response.text
    if expected == 403:
        assert response.json()["error"]["code"] == "FORBIDDEN"
        assert await world.state() == before
    elif changed is not None:
        assert await changed(response)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(KEEP_KIM_GIANG_CONTACTS))
async def test_keep_kim_giang_contacts(world: World, role: str, unit: str, expected: int) -> None:
    address = f"{role}.{unit}@kimgiang.hanoi.gov.vn"
    body = {"roles": {"unit_officer": [{"name": "Cán bộ", "email": address}]}}

    async def put() -> httpx.Response:
        return await world.http.put("/units/p-kim-giang/contacts", json=body, headers=as_(role, unit))

    async def stored(_: httpx.Response) -> bool:
        doc = await world.db["unit_settings"].find_one({"_id": "p-kim-giang"})
        return bool(doc["contacts"]["unit_officer"][0]["email"] == address)

    await check(world, put, expected, stored)
    read = await world.http.get("/units/p-kim-giang/notification-settings", headers=as_(role, unit))
    assert read.status_code == expected


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SUBSCRIBE_KIM_GIANG_PORTAL))
async def test_subscribe_kim_giang_portal(world: World, role: str, unit: str, expected: int) -> None:
    url = f"https://portal.kimgiang.hanoi.gov.vn/hooks/{role}/{unit}"

    async def post() -> httpx.Response:
        return await world.http.post(
            "/units/p-kim-giang/webhooks", json={"url": url}, headers=as_(role, unit)
        )

    async def stored(response: httpx.Response) -> bool:
        doc = await world.db["unit_settings"].find_one({"_id": "p-kim-giang"})
        return any(w["id"] == response.json()["id"] and w["url"] == url for w in doc["webhooks"])

    await check(world, post, expected, stored)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(CHOOSE_KIM_GIANG_OFFICER_CHANNELS))
async def test_choose_kim_giang_officer_channels(world: World, role: str, unit: str, expected: int) -> None:
    kinds = ["dossier", "decision"] if f"{role}{unit}" < "s" else ["council"]
    body = {"digest_kinds": kinds}

    async def put() -> httpx.Response:
        return await world.http.put(
            "/units/p-kim-giang/preferences/unit_officer", json=body, headers=as_(role, unit)
        )

    async def stored(_: httpx.Response) -> bool:
        doc = await world.db["unit_settings"].find_one({"_id": "p-kim-giang"})
        return bool(doc["preferences"]["unit_officer"]["digest_kinds"] == sorted(kinds))

    await check(world, put, expected, stored)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_DELIVERY_LOG))
async def test_read_kim_giang_delivery_log(world: World, role: str, unit: str, expected: int) -> None:
    async def get() -> httpx.Response:
        return await world.http.get("/units/p-kim-giang/deliveries", headers=as_(role, unit))

    await check(world, get, expected, None)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(WRITE_THANH_XUAN_TEMPLATE))
async def test_write_thanh_xuan_template(world: World, role: str, unit: str, expected: int) -> None:
    text = f"{role}@{unit}: hồ sơ {{{{ p.dossier_id }}}}\nNội dung."
    url = "/levels/q-thanh-xuan/templates/nomination.status_changed/in_app"

    async def put() -> httpx.Response:
        return await world.http.put(url, json={"text": text}, headers=as_(role, unit))

    async def stored(_: httpx.Response) -> bool:
        doc = await world.db["template_overrides"].find_one(
            {"_id": "q-thanh-xuan|nomination.status_changed|in_app"}
        )
        return bool(doc["text"] == text)

    await check(world, put, expected, stored)
    listed = await world.http.get("/levels/q-thanh-xuan/templates", headers=as_(role, unit))
    assert listed.status_code == (403 if expected == 403 else 200)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(REMIND_FOR_THANH_XUAN_ROUND))
async def test_remind_for_thanh_xuan_round(world: World, role: str, unit: str, expected: int) -> None:
    headers = {**as_(role, unit), "Idempotency-Key": f"{role}@{unit}"}
    before = await world.db["inbox"].count_documents({})
    response = await world.http.post("/rounds/dk-tx/reminders", headers=headers)
    after = await world.db["inbox"].count_documents({})
    assert response.status_code == expected, response.text
    if expected == 403:
        assert response.json()["error"]["code"] == "FORBIDDEN"
        assert after == before
    else:
        assert after > before
