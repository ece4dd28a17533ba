"""Admins grant and revoke roles within their subtree; bad grants are refused and store nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from access import bootstrap
from access.config import Settings
from access.entrypoints.http import create_app
from access.usecases.context import Context
from emutrack_contracts import new_event, samples
from emutrack_contracts.events.org import UnitRetired
from emutrack_contracts.events.registration import ParentLink
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer

TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("q-hoang-mai", "Quận Hoàng Mai", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-khuong-dinh", "Phường Khương Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-dai-kim", "Phường Đại Kim", "ward", ["ha-noi", "q-hoang-mai"]),
]
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
POS = Position("units", 0, 0)


def _grant(subject: str, role: str, unit: str, **more: Any) -> dict[str, Any]:
    return {
        "subject": subject, "subject_name": "Nguyễn Thị Lan", "role": role, "unit_id": unit,
        "valid_from": "2026-03-02", "reason": "Phân công phụ trách thi đua năm 2026", **more,
    }  # fmt: skip


@pytest.fixture
async def world(service_env: dict[str, str]) -> AsyncIterator[tuple[Context, httpx.AsyncClient]]:
    ctx = bootstrap.deps(Settings(), clock=lambda: NOW)
    on = bootstrap.event_handlers(ctx)
    for unit in TREE:
        await on["unit.created"](samples.unit_created(*unit), POS)
    transport = httpx.ASGITransport(app=create_app(Settings(), ctx))
    async with httpx.AsyncClient(transport=transport, base_url="http://access") as http:
        yield ctx, http


async def _stored(ctx: Context) -> list[dict[str, Any]]:
    return await ctx.bindings.collection.find({}, {"_outbox": 0}).to_list(None)


async def test_a_district_admin_grants_in_its_wards_only(world: Any, token: Any) -> None:
    ctx, http = world
    admin = bearer(token("admin", "q-thanh-xuan", subject="q-thanh-xuan.admin"))
    granted = await http.post(
        "/bindings", json=_grant("lan.nt", "unit_officer", "p-kim-giang"), headers=admin
    )
    assert granted.status_code == 201, granted.text
    body = granted.json()
    assert (body["unit_name"], body["role_name"], body["granted_by"]) == (
        "Phường Kim Giang", "Cán bộ thi đua, khen thưởng", "q-thanh-xuan.admin",
    )  # fmt: skip
    [stored] = await ctx.bindings.collection.find({}).to_list(None)
    assert [e["envelope"]["event_type"] for e in stored["_outbox"]] == ["binding.granted"]
    assert stored["unit_path"] == ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
    for unit in ("p-dai-kim", "ha-noi"):  # another district's ward, the city above
        refused = await http.post("/bindings", json=_grant("lan.nt", "unit_officer", unit), headers=admin)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "NOT_UNIT_ADMIN"
    assert len(await _stored(ctx)) == 1


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        (_grant("lan.nt", "chu_tich", "p-kim-giang"), 422, "VALIDATION_ERROR", "role"),
        (_grant("lan.nt", "viewer", "p-dai-kim", reason="bad value ~ {}"), 403, "NOT_UNIT_ADMIN", "unit_id"),
        (_grant("lan.nt", "viewer", "p-kim-giang", valid_to="2026-03-01"), 422, "VALID_TO_BEFORE_VALID_FROM",
         "valid_to"),
        (_grant("q-thanh-xuan.admin", "standing_office", "q-thanh-xuan"), 403, "SELF_GRANT", "role"),
        (_grant("lan.nt", "viewer", "p-khong-co"), 422, "UNKNOWN_UNIT", "unit_id"),
        (_grant("lan.nt", "viewer", "p-kim-giang", valid_from="2001-01-01"), 422, "UNIT_NOT_VALID_ON",
         "valid_from"),
    ],
    ids=["unknown role", "outside the subtree", "valid_to before valid_from", "oneself above", "unknown unit",
         "before the unit existed"],
)  # fmt: skip
async def test_a_bad_grant_names_its_field_and_stores_nothing(
    world: Any, token: Any, body: dict[str, Any], status: int, code: str, field: str
) -> None:
    ctx, http = world
    admin = bearer(token("admin", "q-thanh-xuan", subject="q-thanh-xuan.admin"))
    refused = await http.post("/bindings", json=body, headers=admin)
    assert refused.status_code == status, refused.text
    error = refused.json()["error"]
    assert error["code"] == code
    assert field in (error.get("field"), *(f["field"] for f in error.get("fields", []))), error
    assert await _stored(ctx) == []


async def test_an_admin_grants_itself_a_role_it_holds_above(world: Any, token: Any) -> None:
    _, http = world
    both = bearer(token("admin", "q-thanh-xuan", ("viewer", "q-thanh-xuan"), subject="q-thanh-xuan.admin"))
    own = await http.post(
        "/bindings", json=_grant("q-thanh-xuan.admin", "viewer", "p-kim-giang"), headers=both
    )
    assert own.status_code == 201, own.text


async def test_a_revocation_is_recorded_with_who_and_why_and_published(world: Any, token: Any) -> None:
    ctx, http = world
    admin = bearer(token("admin", "q-thanh-xuan", subject="q-thanh-xuan.admin"))
    granted = (
        await http.post("/bindings", json=_grant("lan.nt", "unit_head", "p-kim-giang"), headers=admin)
    ).json()
    ward_admin = bearer(token("admin", "p-dai-kim", subject="p-dai-kim.admin"))
    url = f"/bindings/{granted['binding_id']}/revoke"
    outsider = await http.post(url, json={"reason": "Không còn phụ trách"}, headers=ward_admin)
    assert outsider.status_code == 403
    revoked = await http.post(url, json={"reason": "Chuyển công tác"}, headers=admin)
    assert revoked.status_code == 200, revoked.text
    assert (revoked.json()["revoked_by"], revoked.json()["revoke_reason"]) == (
        "q-thanh-xuan.admin",
        "Chuyển công tác",
    )
    again = await http.post(url, json={"reason": "Chuyển công tác"}, headers=admin)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "BINDING_ALREADY_ENDED")
    [stored] = await ctx.bindings.collection.find({}).to_list(None)
    assert [e["envelope"]["event_type"] for e in stored["_outbox"]] == ["binding.granted", "binding.revoked"]
    mine = await http.get("/me/bindings", headers=bearer(token("unit_head", "p-kim-giang", subject="lan.nt")))
    assert [b["revoke_reason"] for b in mine.json()] == ["Chuyển công tác"]


async def test_bindings_end_with_their_unit_and_the_successor_sees_them(world: Any, token: Any) -> None:
    ctx, http = world
    admin = bearer(token("admin", "q-thanh-xuan", subject="q-thanh-xuan.admin"))
    granted = await http.post(
        "/bindings", json=_grant("lan.nt", "unit_officer", "p-khuong-dinh"), headers=admin
    )
    assert granted.status_code == 201
    retired = UnitRetired(
        unit_id="p-khuong-dinh", effective_date=date(2026, 7, 1), valid_to=date(2026, 6, 30),
        successor_id="p-kim-giang", operation_id="merge-1",
        parents=[ParentLink(parent_id="q-thanh-xuan", valid_from=date(2008, 8, 1),
                            valid_to=date(2026, 6, 30))],
    )  # fmt: skip
    event = new_event(
        "unit.retired", unit_path=["ha-noi", "q-thanh-xuan", "p-khuong-dinh"], actor="t", payload=retired
    )
    on = bootstrap.event_handlers(ctx)
    for _ in range(2):  # redelivered: ended once
        await on["unit.retired"](event, POS)
    [stored] = await ctx.bindings.collection.find({}).to_list(None)
    assert stored["ended_on"] == "2026-06-30"
    assert [e["envelope"]["event_type"] for e in stored["_outbox"]] == ["binding.granted", "binding.ended"]
    again = await http.get("/units/p-kim-giang/to-grant-again", headers=admin)
    assert [(b["subject"], b["unit_name"], b["ended_on"]) for b in again.json()] == [
        ("lan.nt", "Phường Khương Đình", "2026-06-30")
    ]
    listed = await http.get("/bindings?unit_id=q-thanh-xuan", headers=admin)
    assert listed.json()["total"] == 1
    elsewhere = await http.get("/bindings?unit_id=q-hoang-mai", headers=admin)
    assert elsewhere.status_code == 403
