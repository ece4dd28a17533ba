"""The public lists in Chromium, without signing in: a decision of Hoàng Mai and its awardee, and the feed."""

from __future__ import annotations

import uuid
from xml.etree import ElementTree as ET

import httpx
from playwright.async_api import Browser

from emutrack_kit_testing.helpers import bearer
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_office_data import (
    HOANG_MAI,
    accepted,
    nominate,
    ok,
    open_round,
    register,
    seat_council,
    service,
    voted,
)

WARD = "p-thinh-liet"  # Phường Thịnh Liệt: no other journey uses it
CHAIR, MEMBERS = "cl-chair", ["cl-m1", "cl-m2"]


async def decided(portal: Portal) -> str:
    """Thịnh Liệt registered, proposed for Tập thể lao động xuất sắc, voted and decided by Hoàng Mai."""
    suffix = uuid.uuid4().hex[:6]
    await register(portal, await open_round(portal, "registration", f"Đăng ký thi đua 2020 ({suffix})"), WARD)
    annual = await open_round(
        portal, "nomination", f"Khen thưởng năm 2020 ({suffix})", award_kind="annual_merit"
    )
    nomination = await nominate(portal, annual, WARD, "tap_the_lao_dong_xuat_sac")
    await accepted(portal, nomination)
    await seat_council(portal, [(CHAIR, "Chủ tịch"), *((m, f"Ủy viên {m}") for m in MEMBERS)], CHAIR)
    await voted(portal, [nomination], CHAIR, MEMBERS)
    number = f"{uuid.uuid4().hex[:4]}/QĐ-UBND"
    body = {"level_unit_id": HOANG_MAI, "number": number, "signed_on": "2020-12-30",
            "award_code": "tap_the_lao_dong_xuat_sac", "nomination_ids": [nomination]}  # fmt: skip
    chair = bearer(portal.token("council_chair", HOANG_MAI, subject=CHAIR))
    async with service(portal, "review") as review:
        ok(await review.post("/decisions", json=body, headers=chair), 201)
    return number


async def test_anyone_reads_the_decisions_and_their_awardees_without_signing_in(
    portal: Portal, browser: Browser
) -> None:
    number = await decided(portal)
    context = await browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    try:
        page = await context.new_page()
        await page.goto(f"{portal.url}/cong-khai")
        assert page.url == f"{portal.url}/cong-khai"  # not sent to sign in
        decision = page.locator("article.public-decision", has_text=number)
        text = await decision.inner_text()
        assert "30/12/2020" in text
        assert "Quận Hoàng Mai" in text
        assert "Tập thể lao động xuất sắc" in text
        assert "Phường Thịnh Liệt" in text
        assert await page.get_by_role("navigation", name="Chính").count() == 0  # no one's menu
        assert await accessibility_violations(page) == []
        await screenshot(page, "public-lists-360")
    finally:
        await context.close()

    async with httpx.AsyncClient(base_url=portal.url) as client:
        feed = await client.get("/cong-khai/quyet-dinh.atom")
        listed = await client.get("/cong-khai")
    for private in (CHAIR, *MEMBERS, "ballot", "nomination_id"):  # the law makes names public, not accounts
        assert private not in listed.text
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    mine = [e for e in entries if number in (e.findtext("{http://www.w3.org/2005/Atom}title") or "")]
    assert len(mine) == 1
    assert "Phường Thịnh Liệt" in (mine[0].findtext("{http://www.w3.org/2005/Atom}summary") or "")
