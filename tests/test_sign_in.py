"""People sign in at the real identity provider and machines use client credentials; bindings decide the rest.

Keycloak (started by `deploy/local/infra.sh up`) signs people in with the authorization code flow and
PKCE, refreshes and ends their sessions, and locks an account after repeated failures. The access
service grants the roles; its events reach registration's replica; registration answers each caller
as its bindings allow, and a revoked binding is refused within a minute.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
from typing import Any

import httpx
import pytest

from emutrack_kit_testing.helpers import bearer, eventually
from emutrack_kit_testing.keycloak import Keycloak, refresh, sign_in, sign_out
from emutrack_kit_testing.processes import BIN

PASSWORD = "Mat-khau-Thu-nghiem-2026"
OIDC_PROCESSES = ("access-http", "access-consumer", "registration-http", "registration-consumer")


@pytest.fixture(scope="module")
def keycloak() -> Keycloak:
    return Keycloak.local()


@pytest.fixture
def oidc_slice(slice_: Any, keycloak: Keycloak) -> Any:
    for name in OIDC_PROCESSES:
        slice_.start(name, EMT_AUTH_MODE="local+oidc", EMT_OIDC_ISSUER=keycloak.issuer)
    return slice_


async def _grant(access: httpx.AsyncClient, admin: str, subject: str, role: str, unit: str) -> str:
    body = {
        "subject": subject, "subject_name": "Người thử nghiệm", "role": role, "unit_id": unit,
        "valid_from": "2020-01-01", "reason": "Thử đăng nhập thật",
    }  # fmt: skip
    # The access service learns the tree from registration's events: wait until it knows the unit's
    # whole path (the admin is then recognised above it), then grant.
    await eventually(
        lambda: access.get(f"/units/{unit}/to-grant-again", headers=bearer(admin)),
        lambda r: r.status_code == 200,
    )
    granted = await access.post("/bindings", json=body, headers=bearer(admin))
    assert granted.status_code == 201, granted.text
    return str(granted.json()["binding_id"])


async def _status(registration: httpx.AsyncClient, token: str, unit: str) -> int:
    return (await registration.get(f"/registrations?unit_id={unit}", headers=bearer(token))).status_code


async def test_a_person_signs_in_works_as_granted_refreshes_and_signs_out(
    oidc_slice: Any, keycloak: Keycloak, token: Any, namespace: str
) -> None:
    username = f"{namespace}.office"
    await keycloak.add_user(username, PASSWORD, "Thường trực Thanh Xuân")
    city_admin = token("admin", "ha-noi", subject="ha-noi.admin")
    async with (
        httpx.AsyncClient(base_url=oidc_slice.url("access-http"), timeout=20) as access,
        httpx.AsyncClient(base_url=oidc_slice.url("registration-http"), timeout=20) as registration,
    ):
        binding = await _grant(access, city_admin, username, "standing_office", "q-thanh-xuan")
        signed_in = await sign_in(keycloak, username, PASSWORD)
        assert signed_in.status_code == 200, signed_in.text
        tokens = signed_in.json()
        # The binding reaches registration's replica through Kafka; then the office reads its district.
        await eventually(
            lambda: _status(registration, tokens["access_token"], "q-thanh-xuan"), lambda s: s == 200
        )
        assert await _status(registration, tokens["access_token"], "q-hoang-mai") == 403

        renewed = await refresh(keycloak, tokens["refresh_token"])
        assert renewed.status_code == 200, renewed.text
        assert await _status(registration, renewed.json()["access_token"], "q-thanh-xuan") == 200
        assert (await sign_out(keycloak, renewed.json()["refresh_token"])).status_code == 204
        after = await refresh(keycloak, renewed.json()["refresh_token"])
        assert (after.status_code, after.json()["error"]) == (400, "invalid_grant")

        revoked = await access.post(
            f"/bindings/{binding}/revoke", json={"reason": "Chuyển công tác"}, headers=bearer(city_admin)
        )
        assert revoked.status_code == 200, revoked.text
        still = (await sign_in(keycloak, username, PASSWORD)).json()["access_token"]
        refused = await eventually(
            lambda: _status(registration, still, "q-thanh-xuan"), lambda s: s == 403, timeout=60
        )
        assert refused == 403  # within a minute of the revocation, the same person reads nothing there


async def test_an_account_is_locked_after_repeated_failures(keycloak: Keycloak, namespace: str) -> None:
    username = f"{namespace}.officer"
    user_id = await keycloak.add_user(username, PASSWORD)
    for _ in range(5):
        wrong = await sign_in(keycloak, username, f"Sai-{secrets.token_hex(4)}-A1")
        assert wrong.status_code == 200  # the login page again
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong.text  # in Vietnamese
    locked = await sign_in(keycloak, username, PASSWORD)
    assert locked.status_code == 200, "the right password no longer signs in"
    assert "access_token" not in locked.text
    assert (await keycloak.brute_force_status(user_id))["disabled"] is True


async def test_a_machine_client_calls_as_its_bindings_allow(
    oidc_slice: Any, keycloak: Keycloak, token: Any
) -> None:
    secret = await keycloak.client_secret("emutrack-city-council")
    machine = (await keycloak.client_credentials("emutrack-city-council", secret))["access_token"]
    async with (
        httpx.AsyncClient(base_url=oidc_slice.url("access-http"), timeout=20) as access,
        httpx.AsyncClient(base_url=oidc_slice.url("registration-http"), timeout=20) as registration,
    ):
        assert await _status(registration, machine, "q-thanh-xuan") == 403  # no binding yet
        await _grant(access, token("admin", "ha-noi", subject="ha-noi.admin"), "client:emutrack-city-council",
                     "viewer", "ha-noi")  # fmt: skip
        await eventually(lambda: _status(registration, machine, "q-thanh-xuan"), lambda s: s == 200)
        submitted = await registration.post(
            "/rounds/dk-2020-q-thanh-xuan/registrations",
            json={"unit_id": "p-kim-giang", "title_code": "tap_the_lao_dong_tien_tien"},
            headers=bearer(machine),
        )
        assert submitted.status_code == 403  # a viewer reads; it does not submit


async def test_a_binding_ends_with_its_unit_and_the_successor_s_admin_sees_it(
    oidc_slice: Any, keycloak: Keycloak, token: Any, namespace: str, service_env: dict[str, str]
) -> None:
    username = f"{namespace}.ward"
    await keycloak.add_user(username, PASSWORD, "Cán bộ Kim Giang")
    city_admin = token("admin", "ha-noi", subject="ha-noi.admin")
    async with (
        httpx.AsyncClient(base_url=oidc_slice.url("access-http"), timeout=20) as access,
        httpx.AsyncClient(base_url=oidc_slice.url("registration-http"), timeout=20) as registration,
    ):
        await _grant(access, city_admin, username, "unit_officer", "p-kim-giang")
        person = (await sign_in(keycloak, username, PASSWORD)).json()["access_token"]
        await eventually(lambda: _status(registration, person, "p-kim-giang"), lambda s: s == 200)
        # The 1/7/2025 restructure merges Kim Giang into the new Khương Đình: its bindings end with it.
        seeded = await asyncio.to_thread(
            subprocess.run,
            [str(BIN / "emt-registration-seed"), "--tree", "2025", "--deadline", "2099-12-31"],
            env={**os.environ, **service_env},
            capture_output=True,
            text=True,
        )
        assert seeded.returncode == 0, seeded.stderr
        fresh = (await sign_in(keycloak, username, PASSWORD)).json()["access_token"]
        await eventually(lambda: _status(registration, fresh, "p-kim-giang"), lambda s: s == 403, timeout=60)
        again = await eventually(
            lambda: access.get("/units/p-khuong-dinh-2025/to-grant-again", headers=bearer(city_admin)),
            lambda r: r.status_code == 200 and r.json() != [],
        )
        assert [(b["subject"], b["unit_name"], b["ended_on"]) for b in again.json()] == [
            (username, "Phường Kim Giang", "2025-06-30")
        ]
