"""A ward officer signs in, sees the open rounds counting down, reads the inbox (journeys 1 and 7)."""

from __future__ import annotations

from typing import Any

from tests.journeys.conftest import Portal, accessibility_violations, screenshot


async def test_a_ward_officer_signs_in_and_sees_the_open_rounds(portal: Portal, signed_in: Any) -> None:
    username = await portal.person("unit_officer", "p-kim-giang", "Nguyễn Thị Lan")
    page = await signed_in(username)
    await screenshot(page, "home-1366")
    assert await page.locator("h1").inner_text() == "Xin chào, Nguyễn Thị Lan"
    places = await page.locator("#places + ul").inner_text()
    assert "Phường Kim Giang" in places
    assert "Cán bộ thi đua, khen thưởng" in places
    row = page.locator("tr", has_text="Đăng ký thi đua năm 2020")
    assert "Quận Thanh Xuân" in await row.inner_text()
    assert (await row.locator(".countdown").inner_text()).startswith("Còn ")
    assert await accessibility_violations(page) == []

    await page.click("text=Thông báo")
    await page.wait_for_url(f"{portal.url}/inbox")
    assert (await page.locator("h1").inner_text()).startswith("Thông báo")
    assert await accessibility_violations(page) == []
    await screenshot(page, "inbox-1366")


async def test_the_home_page_reads_on_a_phone(portal: Portal, signed_in: Any) -> None:
    username = await portal.person("unit_officer", "p-kim-giang", "Trần Văn Minh")
    page = await signed_in(username, 360)
    await screenshot(page, "home-360")
    overflow = await page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False, "nothing wider than the screen"
    assert await page.locator("td.countdown").first.is_visible()
    await page.keyboard.press("Tab")
    assert await page.evaluate("() => document.activeElement.textContent") == "Bỏ qua, đến nội dung chính"
