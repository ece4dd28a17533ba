"""The portal in a real Chromium: every service it calls as a process, signing in at the real Keycloak.

One running stack serves every portal test (package scope: starting eleven processes takes ~30 s). Tests
share its seeded data, so each test works in units, rounds and people of its own: `portal.person` makes a
new account every call, and a test that changes a round (a deadline, a late acceptance) creates that round.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright
from pymongo import AsyncMongoClient

from conftest import SERVICES as DATABASES
from conftest import Infra
from emutrack_kit.auth import mint_token
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit_testing.helpers import bearer, eventually
from emutrack_kit_testing.keycloak import Keycloak
from emutrack_kit_testing.processes import BIN, Slice

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "portal"
PASSWORD = "Mat-khau-Cong-2026"
SERVICES = (
    "registration-http", "registration-consumer", "review-http", "review-consumer", "notify-http",
    "notify-consumer", "access-http", "access-consumer", "reporting-http", "reporting-consumer",
)  # fmt: skip
REPLICAS = ("registration", "review", "notify", "reporting")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _browser_tools() -> Path:
    subprocess.run([str(ROOT / "deploy/local/browser/browser.sh")], check=True, capture_output=True)
    return Path(os.environ.get("EMT_LOCAL_DIR", ROOT / ".local")) / "browser" / "axe.min.js"


@dataclass
class Portal:
    """The running portal, its services, and how to make a signed-in person."""

    url: str
    keycloak: Keycloak
    slice: Any
    namespace: str
    admin_token: str

    def token(self, role: str, unit: str, subject: str = "portal-test") -> str:
        """A local bearer token, to prepare data through the services' APIs (not what the page uses)."""
        return mint_token(
            subject=subject, bindings=[(role, unit)], secret=DEV_JWT_SECRET, issuer="emutrack-local",
            audience="emutrack",
        )  # fmt: skip

    async def person(self, role: str, unit: str, name: str) -> str:
        """A new Keycloak account holding `role` at `unit` (granted by the city's admin); its user name."""
        username = f"{self.namespace}.{role}.{unit}.{uuid.uuid4().hex[:6]}".replace("_", "-")
        await self.keycloak.add_user(username, PASSWORD, name)
        body = {
            "subject": username, "subject_name": name, "role": role, "unit_id": unit,
            "valid_from": "2020-01-01", "reason": "Thử cổng thông tin",
        }  # fmt: skip
        async with httpx.AsyncClient(base_url=self.slice.url("access-http"), timeout=20) as access:
            await eventually(
                lambda: access.get(f"/units/{unit}/to-grant-again", headers=bearer(self.admin_token)),
                lambda r: r.status_code == 200,
            )
            granted = await access.post("/bindings", json=body, headers=bearer(self.admin_token))
            assert granted.status_code == 201, granted.text
        await self.replicated(username)
        return username

    async def replicated(self, subject: str) -> None:
        """Wait until every service's replica holds the subject's bindings (they travel through Kafka)."""
        client = AsyncMongoClient(self.slice.env["MONGODB_URL"])
        try:
            for service in REPLICAS:
                bindings = client[f"{self.namespace}_{service}"]["role_bindings"]
                await eventually(lambda b=bindings: b.count_documents({"subject": subject}), lambda n: n > 0)
        finally:
            await client.close()


@pytest.fixture(scope="package")
async def portal(infra: Infra, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Portal]:
    """The seeded slice, every service as a process signing people in at Keycloak, and the portal."""
    namespace = f"t{uuid.uuid4().hex[:10]}"
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka, "MONGODB_URL": infra.mongodb,
        "EMT_TOPIC_NAMESPACE": f"{namespace}.", "EMT_DATABASE_PREFIX": f"{namespace}_",
        "EMT_ENVIRONMENT": "test", "EMT_JWT_SECRET": DEV_JWT_SECRET,
    }  # fmt: skip
    await asyncio.to_thread(
        subprocess.run, [str(BIN / "emt-registration-seed"), "--deadline", "2099-12-31"],
        env={**os.environ, **env}, check=True, capture_output=True,
    )  # fmt: skip
    stack = Slice(env, tmp_path_factory.mktemp("portal"))
    keycloak = Keycloak.local()
    oidc = {"EMT_AUTH_MODE": "local+oidc", "EMT_OIDC_ISSUER": keycloak.issuer}
    try:
        for name in SERVICES:
            stack.start(name, **oidc)
        url = stack.url("portal")
        await keycloak.allow_portal_at(url)
        urls = {
            f"EMT_PORTAL_{s.upper()}_URL": stack.url(f"{s}-http")
            for s in ("registration", "review", "notify", "access", "reporting")
        }
        stack.start("portal", **oidc, **urls, EMT_PORTAL_PUBLIC_URL=url)
        admin = mint_token(
            subject="ha-noi.admin", bindings=[("admin", "ha-noi")], secret=DEV_JWT_SECRET,
            issuer="emutrack-local", audience="emutrack",
        )  # fmt: skip
        yield Portal(url, keycloak, stack, namespace, admin)
    finally:
        stack.stop_all()
        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(infra.mongodb)
        for database in DATABASES:
            await client.drop_database(f"{namespace}_{database}")
        await client.close()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    _browser_tools()
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        yield chromium
        await chromium.close()


SignIn = Callable[[str, int], Awaitable[Page]]


@pytest.fixture
async def signed_in(browser: Browser, portal: Portal) -> AsyncIterator[SignIn]:
    """A page of a person signed in through Keycloak's login page, at a window width."""
    contexts = []

    async def sign_in(username: str, width: int = 1366) -> Page:
        context = await browser.new_context(viewport={"width": width, "height": 768}, locale="vi-VN")
        contexts.append(context)
        page = await context.new_page()
        await page.goto(portal.url)
        await page.fill("#username", username)
        await page.fill("#password", PASSWORD)
        await page.click("#kc-login")
        await page.wait_for_url(f"{portal.url}/")
        return page

    yield sign_in
    for context in contexts:
        await context.close()


async def screenshot(page: Page, name: str) -> None:
    """Keep a picture of a key step (test-artifacts/, not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


async def accessibility_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page."""
    # Evaluated through the browser's debugging protocol: the page's own CSP rightly refuses inline scripts.
    source = _browser_tools().read_text(encoding="utf-8")
    await page.evaluate(f"() => {{ {source}\n; window.axe = axe; }}")
    result = await page.evaluate("async () => await window.axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


__all__ = ["PASSWORD", "Portal", "accessibility_violations", "json", "screenshot"]
