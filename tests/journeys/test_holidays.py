"""Days off in Chromium: the city's standing office enters a year nobody had, a district's reads it."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page

from emutrack_kit_testing.helpers import bearer
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_office_data import ok, service

YEAR = 2027  # beyond the starting table: nobody has entered it, and no other test counts days in it
SOURCE = "Thông báo 7001/TB-BNV ngày 25/11/2026 của Bộ Nội vụ (giả định cho kiểm thử)"


async def save(page: Page) -> None:
    await page.get_by_role("button", name="Lưu lịch nghỉ").click()
    await page.wait_for_load_state()


async def test_the_city_office_enters_a_year_of_days_off_and_a_district_reads_it(
    portal: Portal, signed_in: Any
) -> None:
    city = await portal.person("standing_office", "ha-noi", "Hoàng Thị Lan Anh")
    district = await portal.person("standing_office", "q-thanh-xuan", "Đặng Văn Long")

    page = await signed_in(city)
    await page.get_by_role("link", name="Cơ quan thường trực").click()
    await page.get_by_role("link", name="Lịch nghỉ lễ dùng để tính ngày làm việc").click()
    assert await page.locator("h1").inner_text() == "Lịch nghỉ lễ năm 2026"
    assert "Tết Nguyên đán Bính Ngọ" in await page.locator("table.holidays").inner_text()
    assert "bảng ban đầu của hệ thống" in await page.locator("main").inner_text()
    assert await accessibility_violations(page) == []
    await page.get_by_role("link", name="Năm 2027 »").click()
    assert "Chưa có lịch nghỉ lễ năm 2027" in await page.locator("main").inner_text()

    # A line not typed as a break: said beside the box, with its number; everything typed kept.
    breaks = page.get_by_label("Các kỳ nghỉ", exact=False)
    await breaks.fill(
        "01/01/2027 Tết Dương lịch\n05/02/2027 - 13/02/2027 Tết Nguyên đán Đinh Mùi\n30-04-2027 Lễ"
    )
    await page.get_by_label("Nguồn (số, ngày của thông báo lịch nghỉ)").fill(SOURCE)
    await save(page)
    assert await breaks.get_attribute("aria-invalid") == "true"
    assert "Dòng 3" in await page.locator("#days_off-error").inner_text()
    assert "Tết Nguyên đán Đinh Mùi" in await breaks.input_value()
    assert await page.get_by_label("Nguồn (số, ngày của thông báo lịch nghỉ)").input_value() == SOURCE

    # No source: the service's words beside it; nothing saved.
    await breaks.fill(
        "01/01/2027 Tết Dương lịch\n05/02/2027 - 13/02/2027 Tết Nguyên đán Đinh Mùi\n"
        "30/04/2027 - 01/05/2027 Ngày Giải phóng miền Nam, Quốc tế Lao động"
    )
    await page.get_by_label("Nguồn (số, ngày của thông báo lịch nghỉ)").fill("")
    await save(page)
    assert "Hãy ghi nguồn" in await page.locator("#source-error").inner_text()
    await screenshot(page, "holidays-refused")
    async with service(portal, "review") as review:
        nothing = await review.get(f"/holidays/{YEAR}", headers=bearer(portal.token("viewer", "ha-noi")))
    assert nothing.status_code == 404

    await page.get_by_label("Nguồn (số, ngày của thông báo lịch nghỉ)").fill(SOURCE)
    await save(page)
    assert "Đã lưu lịch nghỉ lễ năm 2027" in await page.get_by_role("status").first.inner_text()
    table = await page.locator("table.holidays").inner_text()
    assert "05/02/2027" in table
    assert "13/02/2027" in table
    assert "Tết Nguyên đán Đinh Mùi" in table
    assert SOURCE in await page.locator(".source").inner_text()
    assert await accessibility_violations(page) == []
    await screenshot(page, "holidays-entered")

    # A district's office reads the year the periods count on; it does not enter it.
    page = await signed_in(district)
    await page.goto(f"{portal.url}/holidays?year={YEAR}")
    assert "Tết Nguyên đán Đinh Mùi" in await page.locator("table.holidays").inner_text()
    assert await page.get_by_role("button", name="Lưu lịch nghỉ").count() == 0
    async with service(portal, "review") as review:
        stored = ok(await review.get(f"/holidays/{YEAR}", headers=bearer(portal.token("viewer", "ha-noi"))))
    assert (stored["is_default"], stored["source"]) == (False, SOURCE)
    assert len(stored["days_off"]) == 3
