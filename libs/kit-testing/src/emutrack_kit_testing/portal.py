"""The portal with every service it calls, as processes signing people in at the local Keycloak.

Shared by the portal's browser tests and its bench: start the stack, give a person a role, sign them in.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import httpx
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from emutrack_kit.auth import mint_token
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit_testing.helpers import bearer, eventually
from emutrack_kit_testing.keycloak import Keycloak
from emutrack_kit_testing.processes import Slice

SERVICES = (
    "registration-http", "registration-consumer", "review-http", "review-consumer", "notify-http",
    "notify-consumer", "access-http", "access-consumer", "reporting-http", "reporting-consumer",
)  # fmt: skip
CALLED = ("registration", "review", "notify", "access", "reporting")
REPLICAS = ("registration", "review", "notify", "reporting")
PASSWORD = "Mat-khau-Cong-2026"  # noqa: S105 — accounts a test makes in the local realm


def local_token(role: str, unit: str, subject: str = "portal-test") -> str:
    """A bearer token of the local key (test environments only), to prepare data through the APIs."""
    return mint_token(
        subject=subject, bindings=[(role, unit)], secret=DEV_JWT_SECRET, issuer="emutrack-local",
        audience="emutrack",
    )  # fmt: skip


async def start_portal_stack(stack: Slice, keycloak: Keycloak) -> str:
    """Start the services (local and Keycloak tokens) and the portal; the portal's address."""
    oidc = {"EMT_AUTH_MODE": "local+oidc", "EMT_OIDC_ISSUER": keycloak.issuer}
    for name in SERVICES:
        stack.start(name, **oidc)
    url = stack.url("portal")
    await keycloak.allow_portal_at(url)
    urls = {f"EMT_PORTAL_{s.upper()}_URL": stack.url(f"{s}-http") for s in CALLED}
    stack.start("portal", **oidc, **urls, EMT_PORTAL_PUBLIC_URL=url)
    return url


@dataclass(frozen=True)
class People:
    """Makes Keycloak accounts holding roles, granted by the city's admin through the access service."""

    stack: Slice
    keycloak: Keycloak
    namespace: str

    async def person(self, username: str, role: str, unit: str, name: str) -> str:
        """A new account `username` holding `role` at `unit`, once every service's replica knows it."""
        await self.keycloak.add_user(username, PASSWORD, name)
        admin = local_token("admin", "ha-noi", subject="ha-noi.admin")
        body = {
            "subject": username, "subject_name": name, "role": role, "unit_id": unit,
            "valid_from": "2020-01-01", "reason": "Thử cổng thông tin",
        }  # fmt: skip
        async with httpx.AsyncClient(base_url=self.stack.url("access-http"), timeout=20) as access:
            await eventually(
                lambda: access.get(f"/units/{unit}/to-grant-again", headers=bearer(admin)),
                lambda r: r.status_code == 200,
            )
            granted = await access.post("/bindings", json=body, headers=bearer(admin))
            assert granted.status_code == 201, granted.text
        await self.replicated(username)
        return username

    async def replicated(self, subject: str) -> None:
        """Wait until every service's replica holds the subject's bindings (they travel through Kafka)."""
        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(self.stack.env["MONGODB_URL"])
        try:
            for service in REPLICAS:
                bindings = client[f"{self.namespace}_{service}"]["role_bindings"]

                async def held(collection: AsyncCollection[dict[str, object]] = bindings) -> int:
                    return await collection.count_documents({"subject": subject})

                await eventually(held, lambda n: n > 0)
        finally:
            await client.close()


async def sign_in_at_portal(client: httpx.AsyncClient, portal_url: str, username: str) -> httpx.Response:
    """Sign in as a browser without scripts would: portal → Keycloak's form → back; the home page."""
    login = await client.get(f"{portal_url}/", follow_redirects=True)
    for cookie in client.cookies.jar:
        cookie.secure = False  # a browser sends them to 127.0.0.1 (a secure context); httpx would not
    action = re.search(r'<form[^>]*action="([^"]+)"', login.text)
    assert action is not None, login.text[:2000]
    form = {"username": username, "password": PASSWORD, "credentialId": ""}
    home = await client.post(html.unescape(action.group(1)), data=form, follow_redirects=True)
    assert str(home.url).rstrip("/") == portal_url, (home.url, home.text[:500])
    return home
