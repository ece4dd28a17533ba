"""Who may grant, list and revoke roles, and who reads Kim Giang's list — with local tokens and Keycloak's.

Each table has a row per role and a column per place of the caller's one binding (tests/authz/matrix.py).
The same tables run twice: with development tokens carrying the binding, and with tokens of the real
identity provider (a user per cell signs in; the binding reaches the app's replica as the access
service publishes it).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

import access.bootstrap
import access.entrypoints.http
import registration.bootstrap
import registration.entrypoints.http
from access.config import Settings as AccessSettings
from emutrack_contracts import new_event, samples
from emutrack_contracts.events.access import BindingGranted
from emutrack_kit.bindings import MongoBindingReplica
from emutrack_kit.consumer import Position
from emutrack_kit.mongo import database, make_client
from emutrack_kit_testing.helpers import isolated_settings
from emutrack_kit_testing.keycloak import Keycloak
from registration.config import Settings as RegistrationSettings
from registration.entrypoints.seed import seed
from tests.authz.matrix import AT, as_, cases, check_tables

# POST /bindings {viewer at p-kim-giang}: an admin of the ward or above it.
GRANT_AT_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (201,      201,        201,    403,         403),
}  # fmt: skip

# GET /bindings?unit_id=q-thanh-xuan: an admin of the district or above it.
LIST_THANH_XUAN_BINDINGS: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip

# GET /me/bindings: everyone reads their own.
READ_OWN_BINDINGS: dict[str, tuple[int, ...]] = {
    role: (200, 200, 200, 200, 200)
    for role in ("unit_officer", "unit_head", "standing_office", "council_member", "council_chair",
                 "cluster_head", "viewer", "admin")
}  # fmt: skip

# registration GET /registrations?unit_id=p-kim-giang: a binding reaching the ward (its own, or a
# subtree role above it), or one below it.
LIST_KIM_GIANG: dict[str, tuple[int, ...]] = {
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
    "grant at kim giang": GRANT_AT_KIM_GIANG,
    "list thanh xuan bindings": LIST_THANH_XUAN_BINDINGS,
    "read own bindings": READ_OWN_BINDINGS,
    "list kim giang": LIST_KIM_GIANG,
}
TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("q-hoang-mai", "Quận Hoàng Mai", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-khuong-dinh", "Phường Khương Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
]
PASSWORD = "Mat-khau-Ma-tran-2026"
Caller = Callable[[str, str], Awaitable[dict[str, str]]]


def test_every_table_has_a_row_per_role_and_a_column_per_place() -> None:
    check_tables(TABLES)


@dataclass
class World:
    """The access and registration apps over one namespace, and how a caller gets its token."""

    access: httpx.AsyncClient
    registration: httpx.AsyncClient
    caller: Caller
    source: str


def _binding(subject: str, role: str, unit: str) -> Any:
    payload = BindingGranted(
        binding_id=f"bd-{uuid.uuid4()}", subject=subject, subject_name=subject, role=role, unit_id=unit,
        unit_name=unit, valid_from=date(2000, 1, 1), granted_by="test", reason="ma trận phân quyền",
        granted_at=datetime.now(UTC),
    )  # fmt: skip
    return new_event("binding.granted", unit_path=["ha-noi"], actor="test", payload=payload)


async def _idp_caller(keycloak: Keycloak, namespace: str, dbs: list[Any]) -> Caller:
    """A caller per cell: a Keycloak account that signs in; its binding in each app's replica."""
    client_id, secret = await keycloak.test_client(f"emutrack-matrix-{namespace}")
    tokens: dict[tuple[str, str], dict[str, str]] = {}
    lock = asyncio.Lock()

    async def caller(role: str, unit: str) -> dict[str, str]:
        async with lock:
            if (role, unit) not in tokens:
                username = f"{namespace}.{role}.{unit}".replace("_", "-")
                await keycloak.add_user(username, PASSWORD)
                for db in dbs:
                    await MongoBindingReplica(db).apply(_binding(username, role, unit))
                token = await keycloak.password_grant(client_id, secret, username, PASSWORD)
                tokens[role, unit] = {"Authorization": f"Bearer {token}"}
            return tokens[role, unit]

    return caller


async def _local_caller(role: str, unit: str) -> dict[str, str]:
    return as_(role, unit)


@pytest.fixture(scope="module", params=["local", "keycloak"])
async def world(request: Any, infra: Any) -> AsyncIterator[World]:
    namespace = f"t{uuid.uuid4().hex[:10]}"
    common = isolated_settings(infra.kafka, infra.mongodb, namespace)
    if request.param == "keycloak":
        keycloak = Keycloak.local()
        common |= {"auth_mode": "oidc", "oidc_issuer": keycloak.issuer}
    reg_settings, acc_settings = RegistrationSettings(**common), AccessSettings(**common)
    await seed(
        RegistrationSettings(**isolated_settings(infra.kafka, infra.mongodb, namespace)), deadline=None
    )
    acc = access.bootstrap.deps(acc_settings)
    for unit in TREE:
        await access.bootstrap.event_handlers(acc)["unit.created"](
            samples.unit_created(*unit), Position("u", 0, 0)
        )
    client = make_client(infra.mongodb)
    dbs = [database(client, f"{namespace}_", s) for s in ("access", "registration")]
    caller: Caller = (
        await _idp_caller(keycloak, namespace, dbs) if request.param == "keycloak" else _local_caller
    )
    reg_app = registration.entrypoints.http.create_app(
        reg_settings, registration.bootstrap.deps(reg_settings)
    )
    acc_app = access.entrypoints.http.create_app(acc_settings, acc)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=acc_app), base_url="http://access") as acc_http,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=reg_app), base_url="http://registration"
        ) as reg_http,
    ):
        yield World(acc_http, reg_http, caller, request.param)
    for service in ("access", "registration"):
        await client.drop_database(f"{namespace}_{service}")
    await client.close()


def _grant_body(subject: str) -> dict[str, Any]:
    return {
        "subject": subject, "subject_name": "Người được cấp", "role": "viewer", "unit_id": "p-kim-giang",
        "valid_from": "2026-01-01", "reason": "Theo dõi báo cáo của phường",
    }  # fmt: skip


@pytest.mark.parametrize(("role", "unit", "expected"), cases(GRANT_AT_KIM_GIANG))
async def test_grant_at_kim_giang(world: World, role: str, unit: str, expected: int) -> None:
    subject = f"someone-{uuid.uuid4().hex[:6]}"
    response = await world.access.post(
        "/bindings", json=_grant_body(subject), headers=await world.caller(role, unit)
    )
    assert response.status_code == expected, response.text
    if expected != 201:
        assert response.json()["error"]["code"] == "NOT_UNIT_ADMIN"
        mine = await world.access.get("/bindings", headers=await world.caller("admin", "ha-noi"))
        assert subject not in {b["subject"] for b in mine.json()["items"]}, "a refused grant stores nothing"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_THANH_XUAN_BINDINGS))
async def test_list_thanh_xuan_bindings(world: World, role: str, unit: str, expected: int) -> None:
    response = await world.access.get(
        "/bindings?unit_id=q-thanh-xuan", headers=await world.caller(role, unit)
    )
    assert response.status_code == expected, response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_OWN_BINDINGS))
async def test_read_own_bindings(world: World, role: str, unit: str, expected: int) -> None:
    response = await world.access.get("/me/bindings", headers=await world.caller(role, unit))
    assert response.status_code == expected, response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_KIM_GIANG))
async def test_list_kim_giang(world: World, role: str, unit: str, expected: int) -> None:
    response = await world.registration.get(
        "/registrations?unit_id=p-kim-giang", headers=await world.caller(role, unit)
    )
    assert response.status_code == expected, response.text


async def test_every_access_endpoint_needs_a_token(world: World) -> None:
    app_paths = world.access._transport.app.openapi()["paths"]  # type: ignore[attr-defined]
    checked = 0
    for template, operations in app_paths.items():
        if template == "/health":
            continue
        path = template.replace("{binding_id}", "bd-x").replace("{unit_id}", "p-kim-giang")
        for method in operations:
            response = await world.access.request(method.upper(), path, json={})
            assert response.status_code == 401, (method, path, response.text)
            checked += 1
    assert checked >= 6
    assert AT[0] == "p-kim-giang"
