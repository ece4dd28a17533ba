"""Journey 1a: the unit head sees what waits for approval and approves it with one button, once."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from playwright.async_api import Browser

from emutrack_kit_testing.helpers import bearer
from tests.journeys.conftest import PASSWORD, Portal, accessibility_violations, screenshot
from tests.journeys.test_lists import fits_the_screen

ROUND = "dk-2020-q-thanh-xuan"
WARD = "p-khuong-trung"


async def register(portal: Portal, title_code: str) -> str:
    """The ward's officer registers a collective title (prepared through the API)."""
    headers = {**bearer(portal.token("unit_officer", WARD)), "Idempotency-Key": uuid.uuid4().hex}
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        made = await api.post(
            f"/rounds/{ROUND}/registrations",
            json={"unit_id": WARD, "title_code": title_code},
            headers=headers,
        )
    assert made.status_code == 201, made.text
    return str(made.json()["registration_id"])


async def registration(portal: Portal, registration_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        found = await api.get(
            f"/registrations/{registration_id}", headers=bearer(portal.token("unit_head", WARD))
        )
    assert found.status_code == 200, found.text
    return dict(found.json())


def approvals_in(found: dict[str, Any]) -> int:
    return sum(1 for entry in found["history"] if entry["status"] == "approved")


async def test_the_head_approves_what_the_unit_registered_once(
    portal: Portal, signed_in: Any, browser: Browser
) -> None:
    advanced = await register(portal, "tap_the_lao_dong_tien_tien")
    excellent = await register(portal, "tap_the_lao_dong_xuat_sac")
    username = await portal.person("unit_head", WARD, "Hoàng Văn Thái")
    page = await signed_in(username)
    await page.get_by_role("link", name="Đăng ký của đơn vị").click()
    unit = page.locator("section.lists-unit", has_text="Phường Khương Trung")
    assert "Thủ trưởng đơn vị" in await unit.inner_text()
    assert "2 đăng ký chờ duyệt" in await unit.inner_text()
    await unit.get_by_role("link", name="Duyệt đăng ký của đơn vị").click()
    assert await page.locator("h1").inner_text() == "Duyệt đăng ký thi đua của Phường Khương Trung"
    waiting = page.locator("#waiting + table tbody tr")
    assert await waiting.count() == 2
    row = page.locator(f"#r-{advanced}")
    assert "Đăng ký thi đua năm 2020" in await row.inner_text()
    assert "Đã gửi" in await row.inner_text()
    assert await accessibility_violations(page) == []
    await screenshot(page, "lists-approvals-waiting")

    # A double click on the button (htmx swaps the row in place): approved once.
    await row.get_by_role("button", name="Duyệt: Tập thể lao động tiên tiến").dblclick()
    await page.locator(f"#r-{advanced} strong[role=status]").wait_for()
    assert await page.locator(f"#r-{advanced}").get_by_role("status").inner_text() == "Đã duyệt"
    found = await registration(portal, advanced)
    assert found["status"] == "approved"
    assert approvals_in(found) == 1
    await screenshot(page, "lists-approvals-approved-in-place")

    # A page left open in another tab approves it again: done, nothing doubled.
    form = {"csrf": await page.locator(f"#r-{excellent} input[name=csrf]").input_value(), "unit_id": WARD}
    again = await page.request.post(f"{portal.url}/approvals/{advanced}", form=form, max_redirects=0)
    assert again.status == 303
    assert approvals_in(await registration(portal, advanced)) == 1

    # Without JavaScript, on a phone: the same button is a form that posts and comes back.
    context = await browser.new_context(
        viewport={"width": 360, "height": 768}, locale="vi-VN", java_script_enabled=False
    )
    try:
        plain = await context.new_page()
        await plain.goto(portal.url)
        await plain.fill("#username", username)
        await plain.fill("#password", PASSWORD)
        await plain.click("#kc-login")
        await plain.wait_for_url(f"{portal.url}/")
        await plain.goto(f"{portal.url}/approvals?unit_id={WARD}")
        assert await plain.locator("#waiting + table tbody tr").count() == 1
        assert await fits_the_screen(plain)
        await plain.get_by_role("button", name="Duyệt: Tập thể lao động xuất sắc").click()
        await plain.wait_for_url(f"{portal.url}/approvals?unit_id={WARD}&done=1")
        assert await plain.get_by_role("status").inner_text() == "Đã duyệt."
        assert "Không có đăng ký nào chờ duyệt." in await plain.locator("#waiting + p").inner_text()
        approved = await plain.locator("#approved + table").inner_text()
        assert "Tập thể lao động tiên tiến" in approved
        assert "Tập thể lao động xuất sắc" in approved
        assert await fits_the_screen(plain)
        await screenshot(plain, "lists-approvals-done-360")
    finally:
        await context.close()
    assert (await registration(portal, excellent))["status"] == "approved"


async def test_only_a_head_approves_and_only_unit_roles_are_offered_the_unit_pages(
    portal: Portal, signed_in: Any
) -> None:
    officer = await signed_in(await portal.person("unit_officer", WARD, "Bùi Thị Lan"))
    assert await officer.get_by_role("link", name="Đăng ký của đơn vị").count() == 1
    await officer.goto(f"{portal.url}/approvals")
    assert "không giữ vai trò thủ trưởng" in await officer.locator("main").inner_text()
    await officer.goto(f"{portal.url}/lists")
    unit = officer.locator("section.lists-unit", has_text="Phường Khương Trung")
    assert await unit.get_by_role("link", name="Duyệt đăng ký của đơn vị").count() == 0
    assert await unit.get_by_role("link", name="Danh sách cá nhân đăng ký").count() >= 1

    office = await signed_in(await portal.person("standing_office", "q-thanh-xuan", "Trịnh Văn Sơn"))
    assert await office.get_by_role("link", name="Trang chính").count() == 1
    assert await office.get_by_role("link", name="Đăng ký của đơn vị").count() == 0
