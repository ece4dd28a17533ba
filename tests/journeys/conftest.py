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

import pytest
from playwright.async_api import Browser, Page, async_playwright
from pymongo import AsyncMongoClient

from conftest import SERVICES as DATABASES
from conftest import Infra
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit_testing.keycloak import Keycloak
from emutrack_kit_testing.portal import PASSWORD, People, local_token, start_portal_stack
from emutrack_kit_testing.processes import BIN, Slice

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "portal"
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
    slice: Slice
    namespace: str

    @property
    def admin_token(self) -> str:
        """The city's admin, who may grant any role anywhere."""
        return local_token("admin", "ha-noi", subject="ha-noi.admin")

    def token(self, role: str, unit: str, subject: str = "portal-test") -> str:
        """A local bearer token, to prepare data through the services' APIs (not what the page uses)."""
        return local_token(role, unit, subject)

    async def person(self, role: str, unit: str, name: str) -> str:
        """A new Keycloak account holding `role` at `unit` (granted by the city's admin); its user name."""
        username = f"{self.namespace}.{role}.{unit}.{uuid.uuid4().hex[:6]}".replace("_", "-")
        return await People(self.slice, self.keycloak, self.namespace).person(username, role, unit, name)

    async def replicated(self, subject: str) -> None:
        """Wait until every service's replica holds the subject's bindings (they travel through Kafka)."""
        await People(self.slice, self.keycloak, self.namespace).replicated(subject)


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
    try:
        url = await start_portal_stack(stack, keycloak)
        yield Portal(url, keycloak, stack, namespace)
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


def _signer(browser: Browser, portal: Portal, contexts: list[Any], **options: Any) -> SignIn:
    async def sign_in(username: str, width: int = 1366) -> Page:
        viewport = {"width": width, "height": 768}
        context = await browser.new_context(viewport=viewport, locale="vi-VN", **options)
        contexts.append(context)
        page = await context.new_page()
        await page.goto(portal.url)
        await page.fill("#username", username)
        await page.fill("#password", PASSWORD)
        await page.click("#kc-login")
        await page.wait_for_url(f"{portal.url}/")
        return page

    return sign_in


@pytest.fixture
async def signed_in(browser: Browser, portal: Portal) -> AsyncIterator[SignIn]:
    """A page of a person signed in through Keycloak's login page, at a window width."""
    contexts: list[Any] = []
    yield _signer(browser, portal, contexts)
    for context in contexts:
        await context.close()


@pytest.fixture
async def without_javascript(browser: Browser, portal: Portal) -> AsyncIterator[SignIn]:
    """The same with JavaScript switched off: every form must work as plain HTML."""
    contexts: list[Any] = []
    yield _signer(browser, portal, contexts, java_script_enabled=False)
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
