"""The portal in a real Chromium: every service it calls as a process, signing in at the real Keycloak."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright
from pymongo import AsyncMongoClient

from emutrack_kit_testing.helpers import bearer, eventually
from emutrack_kit_testing.keycloak import Keycloak

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

    async def person(self, role: str, unit: str, name: str) -> str:
        """A new Keycloak account holding `role` at `unit` (granted by the city's admin); its user name."""
        username = f"{self.namespace}.{role}.{unit}".replace("_", "-")
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


@pytest.fixture
async def portal(slice_: Any, token: Any, namespace: str) -> Portal:
    keycloak = Keycloak.local()
    oidc = {"EMT_AUTH_MODE": "local+oidc", "EMT_OIDC_ISSUER": keycloak.issuer}
    for name in SERVICES:
        slice_.start(name, **oidc)
    url = slice_.url("portal")
    await keycloak.allow_portal_at(url)
    urls = {
        f"EMT_PORTAL_{s.upper()}_URL": slice_.url(f"{s}-http")
        for s in ("registration", "review", "notify", "access", "reporting")
    }
    slice_.start("portal", **oidc, **urls, EMT_PORTAL_PUBLIC_URL=url)
    return Portal(url, keycloak, slice_, namespace, token("admin", "ha-noi", subject="ha-noi.admin"))


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
