"""Admins find bindings by a person's name without marks; a double click grants or revokes once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from access import bootstrap
from access.config import Settings
from access.entrypoints.http import create_app
from access.usecases.context import Context
from emutrack_contracts import samples
from emutrack_kit_testing.helpers import bearer

from .test_bindings import NOW, POS, TREE, _grant


@pytest.fixture
async def world(service_env: dict[str, str]) -> AsyncIterator[tuple[Context, httpx.AsyncClient]]:
    ctx = bootstrap.deps(Settings(), clock=lambda: NOW)
    on = bootstrap.event_handlers(ctx)
    for unit in TREE:
        await on["unit.created"](samples.unit_created(*unit), POS)
    transport = httpx.ASGITransport(app=create_app(Settings(), ctx))
    async with httpx.AsyncClient(transport=transport, base_url="http://access") as http:
        yield ctx, http


async def test_bindings_are_found_by_name_without_marks_within_the_admins_subtree(
    world: Any, token: Any
) -> None:
    _, http = world
    city = bearer(token("admin", "ha-noi", subject="ha-noi.admin"))
    for subject, name, unit in [
        ("duc.tv", "Trần Văn Đức", "p-kim-giang"),
        ("duc.lm", "Lê Minh Đức", "p-dai-kim"),
        ("lan.nt", "Nguyễn Thị Lan", "p-khuong-dinh"),
    ]:
        body = {**_grant(subject, "unit_officer", unit), "subject_name": name}
        assert (await http.post("/bindings", json=body, headers=city)).status_code == 201

    async def names(q: str, headers: dict[str, str], **more: str) -> list[str]:
        found = await http.get("/bindings", params={"q": q, **more}, headers=headers)
        assert found.status_code == 200, found.text
        return [b["subject_name"] for b in found.json()["items"]]

    assert sorted(await names("duc", city)) == ["Lê Minh Đức", "Trần Văn Đức"]
    assert await names("TRAN van  Duc", city) == ["Trần Văn Đức"]
    assert await names("lm", city) == ["Lê Minh Đức"]  # the user name too
    assert await names("duc", city, unit_id="q-thanh-xuan") == ["Trần Văn Đức"]
    district = bearer(token("admin", "q-thanh-xuan", subject="q-thanh-xuan.admin"))
    assert await names("duc", district) == ["Trần Văn Đức"]  # Đại Kim is Hoàng Mai's
    assert await names("nobody", city) == []


async def test_a_grant_retried_with_its_key_grants_once_and_another_body_under_it_is_refused(
    world: Any, token: Any
) -> None:
    ctx, http = world
    admin = bearer(token("admin", "q-thanh-xuan", subject="q-thanh-xuan.admin"))
    body = _grant("lan.nt", "unit_officer", "p-kim-giang")
    keyed = {**admin, "Idempotency-Key": "form-1"}
    first = await http.post("/bindings", json=body, headers=keyed)
    again = await http.post("/bindings", json=body, headers=keyed)
    assert (first.status_code, again.status_code) == (201, 201), again.text
    assert again.json()["binding_id"] == first.json()["binding_id"]
    other = await http.post("/bindings", json={**body, "role": "unit_head"}, headers=keyed)
    assert (other.status_code, other.json()["error"]["code"]) == (422, "IDEMPOTENCY_KEY_REUSED")
    [stored] = await ctx.bindings.collection.find({}).to_list(None)
    assert [e["envelope"]["event_type"] for e in stored["_outbox"]] == ["binding.granted"]
    unkeyed = await http.post("/bindings", json=body, headers=admin)
    assert unkeyed.status_code == 201
    assert await ctx.bindings.collection.count_documents({}) == 2


async def test_a_revocation_retried_with_its_key_answers_the_first_and_revokes_once(
    world: Any, token: Any
) -> None:
    ctx, http = world
    admin = bearer(token("admin", "q-thanh-xuan", subject="q-thanh-xuan.admin"))
    granted = (
        await http.post("/bindings", json=_grant("lan.nt", "unit_head", "p-kim-giang"), headers=admin)
    ).json()
    url = f"/bindings/{granted['binding_id']}/revoke"
    keyed = {**admin, "Idempotency-Key": "revoke-1"}
    first = await http.post(url, json={"reason": "Chuyển công tác"}, headers=keyed)
    again = await http.post(url, json={"reason": "Chuyển công tác"}, headers=keyed)
    assert (first.status_code, again.status_code) == (200, 200), again.text
    assert again.json()["revoked_at"] == first.json()["revoked_at"]
    other_key = await http.post(
        url, json={"reason": "Chuyển công tác"}, headers={**admin, "Idempotency-Key": "k2"}
    )
    assert (other_key.status_code, other_key.json()["error"]["code"]) == (409, "BINDING_ALREADY_ENDED")
    [stored] = await ctx.bindings.collection.find({}).to_list(None)
    assert [e["envelope"]["event_type"] for e in stored["_outbox"]] == ["binding.granted", "binding.revoked"]


async def test_bindings_stored_before_names_were_folded_are_found_once_the_indexes_are_ensured(
    world: Any, token: Any
) -> None:
    ctx, http = world
    city = bearer(token("admin", "ha-noi", subject="ha-noi.admin"))
    body = {**_grant("hong.vt", "viewer", "p-kim-giang"), "subject_name": "Vũ Thị Hồng"}
    assert (await http.post("/bindings", json=body, headers=city)).status_code == 201
    await ctx.bindings.collection.update_many({}, {"$unset": {"name_folded": ""}})
    assert (await http.get("/bindings?q=hong", headers=city)).json()["total"] == 0
    await ctx.bindings.ensure_indexes()
    assert (await http.get("/bindings?q=hong", headers=city)).json()["total"] == 1
