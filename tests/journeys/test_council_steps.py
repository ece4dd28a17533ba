"""Journey 3's steps in Chromium: a member's secret vote, and what the browser kept of it."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Page, Request, Response

CHOICE_CODES = {"Đồng ý": "yes", "Không đồng ý": "no", "Không biểu quyết": "abstain"}
HTMX_PATH = "htmx-current-path-for-history"
CHOICE_WORDS = ("đồng ý", "biểu quyết")  # any trace of a choice on the page after the vote


@dataclass
class Traffic:
    """What the browser asked and was answered while a member voted."""

    requests: list[Request] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)

    def answered(self, method: str, path_end: str) -> list[Response]:
        """The answers to requests of `method` whose path ends with `path_end`."""
        return [
            r for r in self.responses
            if r.request.method == method and r.url.split("?")[0].endswith(path_end)
        ]  # fmt: skip


async def kept(page: Page) -> dict[str, Any]:
    """What the browser keeps for the page's site: storage, and each cookie (the portal's decoded)."""
    storage = await page.evaluate(
        "() => ({local: Object.assign({}, localStorage), session: Object.assign({}, sessionStorage)})"
    )
    path = storage["session"].pop(HTMX_PATH, "")  # htmx's note of the page's own path (its URL, checked)
    assert "?" not in path, path
    assert "choice" not in path, path
    cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
    portal = cookies.pop("emt_portal", "")
    payload = portal.split(".")[0]
    decoded = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4))) if payload else {}
    return {**storage, "portal_session": decoded, "other_cookies": cookies}


async def open_session(page: Page, session_name: str) -> None:
    """From the nav, the member's council (one level: straight to its sessions), then the session."""
    await page.get_by_role("link", name="Hội đồng thi đua").click()
    await page.wait_for_load_state()
    await page.get_by_role("link", name=session_name).click()
    await page.wait_for_load_state()


async def vote(page: Page, subject: str, choice: str, *, double: bool = False) -> Traffic:
    """From the session's page, a member opens an item's ballot, chooses and sends it (or double-clicks)."""
    traffic = Traffic()

    def asked(request: Request) -> None:
        traffic.requests.append(request)

    def answered(response: Response) -> None:
        traffic.responses.append(response)

    page.on("request", asked)
    page.on("response", answered)
    try:
        await page.get_by_role("link", name=f"Bỏ phiếu về {subject}").click()
        await page.wait_for_load_state()
        await page.get_by_role("radio", name=choice, exact=True).check()
        send = page.get_by_role("button", name="Gửi phiếu")
        await (send.dblclick() if double else send.click())
        await page.wait_for_url("**/ballot-recorded")
        await page.wait_for_load_state()
    finally:
        page.remove_listener("request", asked)
        page.remove_listener("response", answered)
    return traffic


def assert_secret(traffic: Traffic, choice: str) -> None:
    """The choice went only in the POST body: no URL carried it, and every ballot answer was no-store."""
    code = CHOICE_CODES[choice]
    posts = [r for r in traffic.requests if r.method == "POST" and r.url.endswith("/ballot")]
    assert posts, "the ballot was not posted"
    assert all(f"choice={code}" in (p.post_data or "") for p in posts)
    for request in traffic.requests:
        assert "choice" not in request.url, request.url
        assert f"={code}" not in request.url, request.url
    ballot_pages = [
        *traffic.answered("GET", "/ballot"), *traffic.answered("POST", "/ballot"),
        *traffic.answered("GET", "/ballot-recorded"),
    ]  # fmt: skip
    assert len(ballot_pages) >= 3, [r.url for r in traffic.responses]
    for response in ballot_pages:
        assert response.headers.get("cache-control") == "no-store", (response.url, response.headers)


async def assert_only_recorded(page: Page) -> None:
    """The page after a vote says only that it was recorded: no choice, in its text or its source."""
    assert await page.locator("main").get_by_role("status").inner_text() == "Đã ghi nhận phiếu"
    source = (await page.content()).lower()
    text = (await page.locator("main").inner_text()).lower()
    for word in (*CHOICE_WORDS, "yes", "abstain", "choice"):
        assert word not in source, word
        assert word not in text, word
