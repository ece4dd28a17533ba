"""Journey 6: admins grant and revoke roles in their subtree, find people without accents, grant again after
a merge, and read the unit tree as it stood on a day — in a real Chromium, signed in at the real Keycloak.

Units of this journey: Quận Thanh Xuân's wards Thanh Xuân Bắc, Thanh Xuân Nam, Thanh Xuân Trung and
Thượng Đình (the merge of Bắc and Nam is effective 01/06/2025, so the 2020 tree everyone else uses stays).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
from playwright.async_api import Page

from emutrack_kit.clock import HANOI
from emutrack_kit_testing.helpers import bearer, eventually
from tests.journeys.conftest import PASSWORD, Portal, accessibility_violations, screenshot


def _account(portal: Portal, who: str) -> str:
    return f"{portal.namespace}.{who}.{uuid.uuid4().hex[:6]}"


async def _bindings(portal: Portal, **params: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=portal.slice.url("access-http"), timeout=20) as access:
        found = await access.get("/bindings", params=params, headers=bearer(portal.admin_token))
        assert found.status_code == 200, found.text
        return dict(found.json())


async def _grant_by_api(portal: Portal, subject: str, name: str, role: str, unit: str) -> str:
    body = {
        "subject": subject, "subject_name": name, "role": role, "unit_id": unit, "valid_from": "2020-01-01",
        "reason": "Chuẩn bị dữ liệu thử",
    }  # fmt: skip
    async with httpx.AsyncClient(base_url=portal.slice.url("access-http"), timeout=20) as access:
        granted = await access.post("/bindings", json=body, headers=bearer(portal.admin_token))
        assert granted.status_code == 201, granted.text
        return str(granted.json()["binding_id"])


async def _fill_grant(
    page: Page, name: str, subject: str, role: str, reason: str, valid_from: str = ""
) -> None:
    await page.select_option("#role", label=role)
    await page.fill("#subject_name", name)
    await page.fill("#subject", subject)
    await page.fill("#reason", reason)
    if valid_from:
        await page.fill("#valid_from", valid_from)


async def test_a_district_admin_grants_a_role_in_its_district_once_and_finds_it_without_accents(
    portal: Portal, signed_in: Any
) -> None:
    admin = await portal.person("admin", "q-thanh-xuan", "Phan Thị Mai")
    duc = _account(portal, "duc")
    await portal.keycloak.add_user(duc, PASSWORD, "Trần Văn Đức")
    page = await signed_in(admin)
    await page.get_by_role("link", name="Phân quyền").click()
    assert await page.locator("h1").inner_text() == "Phân quyền — Quận Thanh Xuân"
    assert await accessibility_violations(page) == []
    await screenshot(page, "admin-bindings")

    await page.get_by_role("link", name="Cấp quyền mới").click()
    await page.fill("#unit_q", "thanh xuan trung")  # no accents: the tree's search folds them
    await page.get_by_role("button", name="Tìm đơn vị").click()
    chosen = page.locator("#unit_id option:checked")
    assert await chosen.inner_text() == "Phường Thanh Xuân Trung (đến 30/06/2025)"
    assert await accessibility_violations(page) == []
    # Today is past the ward's last day (the slice holds the 2020 tree): the service refuses, beside the day.
    assert await page.locator("#valid_from").input_value() == datetime.now(HANOI).strftime("%d/%m/%Y")
    await _fill_grant(page, "Trần Văn Đức", duc, "Cán bộ thi đua, khen thưởng", "Phân công phụ trách thi đua")
    await page.get_by_role("button", name="Cấp quyền").click()
    error = page.locator("#valid_from-error")
    await error.wait_for()
    assert "không hoạt động vào ngày" in await error.inner_text()
    assert await page.locator("#valid_from").get_attribute("aria-invalid") == "true"
    assert "valid_from-error" in (await page.locator("#valid_from").get_attribute("aria-describedby") or "")
    assert await page.locator("#subject_name").input_value() == "Trần Văn Đức"
    assert await page.locator("#subject").input_value() == duc
    assert await page.locator("#reason").input_value() == "Phân công phụ trách thi đua"
    assert await page.locator("#role option:checked").inner_text() == "Cán bộ thi đua, khen thưởng"
    assert await page.locator("#unit_id").input_value() == "p-thanh-xuan-trung"
    assert (await _bindings(portal, subject=duc))["total"] == 0
    assert await accessibility_violations(page) == []
    await screenshot(page, "admin-grant-refused")

    await page.fill("#valid_from", "31/02/2025")
    await page.get_by_role("button", name="Cấp quyền").click()
    await page.locator("#valid_from-error", has_text="ngày/tháng/năm").wait_for()
    await page.fill("#valid_from", "01/01/2025")
    await page.get_by_role("button", name="Cấp quyền").dblclick()  # a double click grants once
    await page.get_by_role("status").filter(has_text="Đã cấp quyền.").wait_for()
    assert (await _bindings(portal, subject=duc))["total"] == 1
    row = page.locator("table.bindings tbody tr")
    assert await row.count() == 1
    assert "Phường Thanh Xuân Trung" in await row.inner_text()
    assert "Đang hiệu lực" in await row.inner_text()

    await page.fill("#q", "tran van duc")
    await page.get_by_role("button", name="Tìm", exact=True).click()
    assert await row.count() == 1
    assert "Trần Văn Đức" in await row.inner_text()
    await page.fill("#q", "khong co ai ten nay")
    await page.get_by_role("button", name="Tìm", exact=True).click()
    await page.get_by_text("Không có quyền nào khớp với “khong co ai ten nay”.").wait_for()

    # The person granted signs in and works there.
    theirs = await signed_in(duc)
    card = theirs.locator(".card", has_text="Phường Thanh Xuân Trung")
    assert "Cán bộ thi đua, khen thưởng" in await card.inner_text()
    assert await theirs.get_by_role("link", name="Phân quyền").count() == 0  # not an admin: no such link


async def test_a_district_admin_cannot_grant_in_another_district_and_the_page_says_why(
    portal: Portal, signed_in: Any
) -> None:
    admin = await portal.person("admin", "q-thanh-xuan", "Đinh Văn Khoa")
    someone = _account(portal, "outside")
    page = await signed_in(admin)
    # An address asking for Hoàng Mai's wards: the portal shows them; the access service decides.
    await page.goto(f"{portal.url}/admin/grant?within=q-hoang-mai&unit_q=dai%20kim")
    assert await page.locator("#unit_id option:checked").inner_text() == "Phường Đại Kim (đến 30/06/2025)"
    await _fill_grant(
        page, "Mạc Thị Hoa", someone, "Lãnh đạo, người xem báo cáo", "Xem báo cáo", "01/01/2025"
    )
    await page.get_by_role("button", name="Cấp quyền").click()
    error = page.locator("#unit_id-error")
    await error.wait_for()
    assert "Chỉ quản trị của Phường Đại Kim hoặc của cấp trên" in await error.inner_text()
    assert await page.locator("#unit_id").get_attribute("aria-invalid") == "true"
    assert await page.locator("#subject_name").input_value() == "Mạc Thị Hoa"
    assert await page.locator("#valid_from").input_value() == "01/01/2025"
    assert (await _bindings(portal, subject=someone))["total"] == 0
    await screenshot(page, "admin-grant-outside-refused")

    await page.goto(f"{portal.url}/admin?within=q-hoang-mai")  # nor does it list Hoàng Mai's bindings
    assert "Chỉ quản trị của Quận Hoàng Mai" in await page.get_by_role("alert").inner_text()


async def test_an_admin_revokes_a_binding_with_a_reason_and_a_double_click_revokes_once(
    portal: Portal, signed_in: Any
) -> None:
    subject = _account(portal, "nam")
    binding_id = await _grant_by_api(portal, subject, "Hoàng Văn Nam", "viewer", "p-thanh-xuan-trung")
    admin = await portal.person("admin", "q-thanh-xuan", "Tạ Thu Trang")
    page = await signed_in(admin, 360)
    await page.goto(f"{portal.url}/admin?q=HOANG%20VAN%20NAM")
    await page.get_by_role("link", name="Hoàng Văn Nam").click()
    assert await page.locator("h1").inner_text() == "Lãnh đạo, người xem báo cáo — Hoàng Văn Nam"
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    assert await accessibility_violations(page) == []
    await page.fill("#reason", "ab")
    await page.get_by_role("button", name="Thu hồi quyền").click()
    await page.locator("#reason-error").wait_for()
    assert await page.locator("#reason").input_value() == "ab"
    assert await page.locator("#reason").get_attribute("aria-invalid") == "true"

    await page.fill("#reason", "Chuyển công tác sang đơn vị khác")
    await page.get_by_role("button", name="Thu hồi quyền").dblclick()
    await page.get_by_role("status").filter(has_text="Đã thu hồi quyền.").wait_for()
    story = await page.locator(".story").inner_text()
    assert "Đã thu hồi" in story
    assert "Chuyển công tác sang đơn vị khác" in story
    assert await page.get_by_role("button", name="Thu hồi quyền").count() == 0
    [revoked] = (await _bindings(portal, subject=subject))["items"]
    assert (revoked["binding_id"], revoked["revoke_reason"]) == (
        binding_id,
        "Chuyển công tác sang đơn vị khác",
    )
    await screenshot(page, "admin-revoked-360")


async def test_bindings_ended_by_a_merge_are_granted_again_at_the_ward_that_took_over(
    portal: Portal, signed_in: Any
) -> None:
    thu = _account(portal, "thu")
    await _grant_by_api(portal, thu, "Lý Thị Thu", "unit_officer", "p-thanh-xuan-bac")
    merged = f"p-thanh-xuan-hop-nhat-{uuid.uuid4().hex[:4]}"
    body = {
        "kind": "merge", "source_ids": ["p-thanh-xuan-bac", "p-thanh-xuan-nam"],
        "effective_date": "2025-06-01",
        "new_unit": {"unit_id": merged, "name": "Phường Thanh Xuân Hợp Nhất", "kind": "ward",
                     "parent_id": "q-thanh-xuan"},
    }  # fmt: skip
    office = bearer(portal.token("admin", "q-thanh-xuan"))
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as registration:
        done = await registration.post("/restructurings", json=body, headers=office)
        assert done.status_code == 201, done.text
    async with httpx.AsyncClient(base_url=portal.slice.url("access-http"), timeout=20) as access:
        await eventually(
            lambda: access.get("/units/q-thanh-xuan/to-grant-again", headers=bearer(portal.admin_token)),
            lambda r: any(b["subject"] == thu for b in r.json()),
        )

    admin = await portal.person("admin", "q-thanh-xuan", "Kiều Minh Tâm")
    page = await signed_in(admin)
    await page.goto(f"{portal.url}/admin")
    row = page.locator("table.again tr", has_text="Lý Thị Thu")
    text = await row.inner_text()
    assert "Phường Thanh Xuân Bắc" in text
    assert "31/05/2025" in text
    assert "Phường Thanh Xuân Hợp Nhất" in text
    assert await accessibility_violations(page) == []
    await screenshot(page, "admin-to-grant-again")

    await row.get_by_role("link", name="Cấp lại cho Lý Thị Thu").click()
    assert await page.locator("#unit_id option:checked").inner_text() == "Phường Thanh Xuân Hợp Nhất"
    assert await page.locator("#role option:checked").inner_text() == "Cán bộ thi đua, khen thưởng"
    assert await page.locator("#valid_from").input_value() == "01/06/2025"
    assert await page.locator("#subject").input_value() == thu
    await page.get_by_role("button", name="Cấp quyền").click()
    await page.get_by_role("status").filter(has_text="Đã cấp quyền.").wait_for()
    again = page.locator("table.bindings tbody tr", has_text="Phường Thanh Xuân Hợp Nhất")
    assert "Đang hiệu lực" in await again.inner_text()
    ended = page.locator("table.bindings tbody tr", has_text="Phường Thanh Xuân Bắc")
    assert "Kết thúc do sắp xếp đơn vị" in await ended.inner_text()

    # The tree after the merge, and before it.
    await page.goto(f"{portal.url}/admin/tree?on=01/06/2025")
    district = page.locator("#u-q-thanh-xuan")
    await district.locator("summary").click()
    wards = await district.locator("li").all_inner_texts()
    assert "Phường Thanh Xuân Hợp Nhất" in wards
    assert "Phường Thanh Xuân Bắc" not in wards
    assert "Phường Thượng Đình" in wards
    await page.goto(f"{portal.url}/admin/tree?on=01/01/2020")
    wards = [w.strip() for w in await page.locator("#u-q-thanh-xuan li").all_text_contents()]  # closed
    assert "Phường Thanh Xuân Bắc" in wards
    assert "Phường Thanh Xuân Hợp Nhất" not in wards


async def test_the_city_admin_reads_the_tree_of_a_day_and_pages_through_bindings_found_without_accents(
    portal: Portal, signed_in: Any
) -> None:
    for n in range(1, 22):
        await _grant_by_api(
            portal, _account(portal, "pt"), f"Người Thử Phân Trang {n:02d}", "viewer", "p-thuong-dinh"
        )
    admin = await portal.person("admin", "ha-noi", "Nguyễn Hữu Phước")
    page = await signed_in(admin)
    await page.get_by_role("link", name="Phân quyền").click()
    assert await page.locator("h1").inner_text() == "Phân quyền — Thành phố Hà Nội"
    await page.fill("#q", "nguoi thu phan trang")
    await page.get_by_role("button", name="Tìm", exact=True).click()
    rows = page.locator("table.bindings tbody tr")
    assert await rows.count() == 20
    assert "(21 kết quả cho “nguoi thu phan trang”)" in await page.locator("#granted").inner_text()
    await page.get_by_role("link", name="Trang sau »").click()
    assert await rows.count() == 1
    await page.get_by_role("link", name="« Trang trước").click()
    assert await rows.count() == 20

    await page.get_by_role("link", name="Cây đơn vị theo ngày").click()
    await page.fill("#on", "01/01/2020")
    await page.get_by_role("button", name="Xem").click()
    assert await page.locator("h1").inner_text() == "Cây đơn vị ngày 01/01/2020"
    city = page.locator("ul.tree > li > details")
    assert await city.get_attribute("open") is not None
    assert "(4 đơn vị trực thuộc)" in await city.locator("summary").first.inner_text()
    district = page.locator("#u-q-thanh-xuan")
    assert not await district.locator("li", has_text="Phường Kim Giang").is_visible()  # closed until opened
    await district.locator("summary").focus()
    await page.keyboard.press("Enter")  # the keyboard opens it, no script needed
    assert await district.locator("li", has_text="Phường Kim Giang").is_visible()
    assert await accessibility_violations(page) == []
    await screenshot(page, "admin-tree-2020")

    await page.get_by_role("link", name="Hôm nay").click()  # the slice's districts ended on 30/06/2025
    await page.get_by_text("(không có đơn vị trực thuộc vào ngày này)").wait_for()
    await page.check("#past")
    await page.get_by_role("button", name="Xem").click()
    await page.locator("summary", has_text="Quận Thanh Xuân (đến 30/06/2025)").wait_for()

    await page.fill("#on", "32/13/2025")
    await page.get_by_role("button", name="Xem").click()
    error = page.locator("#on-error")
    assert "ngày/tháng/năm" in await error.inner_text()
    assert await page.locator("#on").input_value() == "32/13/2025"
    assert await page.locator("#on").get_attribute("aria-invalid") == "true"
