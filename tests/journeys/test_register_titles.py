"""Journey 1: a ward officer registers a collective title; a refused one keeps the choice and says why."""

from __future__ import annotations

from typing import Any

from tests.journeys.conftest import Portal, accessibility_violations, screenshot


async def test_a_ward_officer_registers_a_collective_title(portal: Portal, signed_in: Any) -> None:
    username = await portal.person("unit_officer", "p-kim-giang", "Lê Thu Hà")
    page = await signed_in(username)
    await page.click("text=Đăng ký thi đua năm 2020")
    assert (await page.locator("h1").inner_text()) == "Đăng ký thi đua năm 2020"
    assert "Phường Kim Giang" in await page.locator("#register").inner_text()
    assert await accessibility_violations(page) == []

    await page.select_option("#title_code", label="Tập thể lao động tiên tiến")
    await page.get_by_role("button", name="Gửi đăng ký").click()
    await page.wait_for_selector("text=Đã gửi đăng ký.")
    row = page.locator("tr", has_text="Tập thể lao động tiên tiến")
    assert "Đã gửi" in await row.inner_text()
    await screenshot(page, "round-registered")

    # The same title again (another form, another key): refused, the choice kept, the reason beside it.
    await page.select_option("#title_code", label="Tập thể lao động tiên tiến")
    await page.get_by_role("button", name="Gửi đăng ký").click()
    error = page.locator("#title_code-error")
    await error.wait_for()
    assert "đã đăng ký danh hiệu" in await error.inner_text()
    assert await page.locator("#title_code").input_value() == "tap_the_lao_dong_tien_tien"
    assert await page.locator("#title_code").get_attribute("aria-invalid") == "true"
    assert await page.locator("tr", has_text="Tập thể lao động tiên tiến").count() == 1
    await screenshot(page, "round-refused")
