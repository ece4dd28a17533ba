"""Journey 7: everyone's notifications — the unread badge on every page, the inbox a page at a time, marking
read (with and without JavaScript), each role's channels and the unit's e-mail contacts.

Units of this journey: Phường Thượng Đình (its officer's inbox hears of its extensions in a round of this
test's own) and Phường Thanh Xuân Trung (its head sets the ward's notifications).
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from playwright.async_api import Page

from emutrack_kit_testing.helpers import bearer, eventually
from tests.journeys.conftest import Portal, accessibility_violations, screenshot

OFFICER = ("unit_officer", "p-thuong-dinh")
EXTENSIONS = 21  # one more than a page of the inbox


async def _extensions(portal: Portal, unit: str, count: int) -> None:
    """A round of the district's own, and `count` extensions given to the unit (each one a message to it)."""
    office = bearer(portal.token("standing_office", "q-thanh-xuan"))
    body = {
        "receiving_unit_id": "q-thanh-xuan", "name": f"Đợt thử thông báo gia hạn {uuid.uuid4().hex[:4]}",
        "kind": "registration", "year": 2025, "opened_on": "2025-01-02", "deadline": "2099-11-30",
    }  # fmt: skip
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        opened = await api.post("/rounds", json=body, headers={**office, "Idempotency-Key": uuid.uuid4().hex})
        assert opened.status_code == 201, opened.text
        round_id = opened.json()["round_id"]
        for n in range(1, count + 1):
            extension = {
                "unit_id": unit,
                "deadline": f"2099-12-{n:02d}",
                "reason": f"Kiện toàn cán bộ, lần {n}",
            }
            granted = await api.post(f"/rounds/{round_id}/extensions", json=extension, headers=office)
            assert granted.status_code == 201, granted.text


async def _unread(portal: Portal, role: str, unit: str) -> int:
    async with httpx.AsyncClient(base_url=portal.slice.url("notify-http"), timeout=20) as notify:
        inbox = await notify.get("/inbox", params={"limit": 1}, headers=bearer(portal.token(role, unit)))
        assert inbox.status_code == 200, inbox.text
        return int(inbox.json()["unread"])


async def _settings(portal: Portal, unit: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=portal.slice.url("notify-http"), timeout=20) as notify:
        found = await notify.get(f"/units/{unit}/notification-settings", headers=bearer(portal.admin_token))
        assert found.status_code == 200, found.text
        return dict(found.json())


async def _badge(page: Page) -> str:
    badge = page.locator("#inbox-link .badge")
    return await badge.inner_text() if await badge.count() else ""


async def test_the_badge_counts_new_messages_on_every_page_and_drops_as_soon_as_one_is_read(
    portal: Portal, signed_in: Any, without_javascript: Any
) -> None:
    officer = await portal.person(*OFFICER, "Đỗ Minh Châu")
    page = await signed_in(officer)
    assert await _badge(page) == ""  # nothing yet

    await _extensions(portal, OFFICER[1], EXTENSIONS)
    await eventually(lambda: _unread(portal, *OFFICER), lambda n: n == EXTENSIONS)
    for path in ("/", "/notifications/settings", "/inbox"):  # the badge is on every page
        await page.goto(f"{portal.url}{path}")
        assert await _badge(page) == str(EXTENSIONS), path
    label = await page.locator("#inbox-link").get_attribute("aria-label")
    assert label == f"Thông báo, {EXTENSIONS} chưa đọc"
    assert await page.locator("#unread-count").inner_text() == f"({EXTENSIONS} chưa đọc)"
    messages = page.locator("li.message")
    assert await messages.count() == 20  # a page of the inbox
    newest = messages.first
    subject = await newest.locator("h2").inner_text()
    assert subject.startswith("Gia hạn nộp đợt “Đợt thử thông báo gia hạn")
    assert subject.endswith("” cho Phường Thượng Đình")
    assert "Lý do: Kiện toàn cán bộ, lần 21" in await newest.inner_text()
    assert "đến hết ngày 21/12/2099" in await newest.inner_text()
    assert await accessibility_violations(page) == []
    await screenshot(page, "notifications-inbox")

    await page.get_by_role("link", name="Trang sau »").click()
    assert await messages.count() == EXTENSIONS - 20
    assert "lần 1" in await messages.first.inner_text()
    await page.get_by_role("link", name="« Trang trước").click()

    # Marked read in place (htmx): the badge and the count drop at once, without reloading.
    await messages.first.get_by_role("button", name="Đánh dấu đã đọc").click()
    await messages.first.get_by_role("status").filter(has_text="Đã đánh dấu đã đọc.").wait_for()
    assert await _badge(page) == str(EXTENSIONS - 1)
    assert await page.locator("#unread-count").inner_text() == f"({EXTENSIONS - 1} chưa đọc)"
    assert await _unread(portal, *OFFICER) == EXTENSIONS - 1
    await screenshot(page, "notifications-marked-read")
    await page.reload()
    assert "đã đọc" in await messages.first.locator(".meta").inner_text()
    assert await _badge(page) == str(EXTENSIONS - 1)

    # Without JavaScript the same form posts and the inbox comes back with the badge one lower.
    plain = await without_javascript(officer)
    await plain.goto(f"{portal.url}/inbox")
    await plain.locator("li.message.unread").first.get_by_role("button", name="Đánh dấu đã đọc").click()
    await plain.wait_for_url(f"{portal.url}/inbox")
    assert await _badge(plain) == str(EXTENSIONS - 2)
    assert await plain.locator("#unread-count").inner_text() == f"({EXTENSIONS - 2} chưa đọc)"


async def test_a_ward_head_chooses_channels_per_kind_and_sets_e_mail_contacts_on_a_phone(
    portal: Portal, signed_in: Any
) -> None:
    unit = "p-thanh-xuan-trung"
    head = await portal.person("unit_head", unit, "Vũ Thị Hồng")
    page = await signed_in(head, 360)
    await page.goto(f"{portal.url}/inbox")
    await page.get_by_role("link", name="Thiết lập nhận thông báo của đơn vị").click()
    assert await page.locator("h1").inner_text() == "Thiết lập nhận thông báo — Phường Thanh Xuân Trung"
    legends = await page.locator("form.prefs legend").all_inner_texts()
    assert legends == [
        "Cán bộ thi đua, khen thưởng",
        "Thủ trưởng đơn vị",
    ]  # a head chooses for the ward's roles
    assert await page.is_checked("#unit_officer-email-registration")  # nothing chosen yet: every channel
    assert not await page.is_checked("#unit_officer-digest-deadline")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    assert await accessibility_violations(page) == []
    await screenshot(page, "notifications-settings-360")

    await page.uncheck("#unit_officer-email-registration")
    await page.check("#unit_officer-digest-deadline")
    await page.get_by_role("button", name="Lưu lựa chọn cho Cán bộ thi đua, khen thưởng").click()
    await page.get_by_role("status").filter(has_text="Đã lưu lựa chọn kênh nhận thông báo.").wait_for()
    assert not await page.is_checked("#unit_officer-email-registration")
    assert await page.is_checked("#unit_officer-webhook-registration")
    assert await page.is_checked("#unit_officer-digest-deadline")
    chosen = (await _settings(portal, unit))["preferences"]["unit_officer"]
    assert chosen["channels"]["registration"] == ["webhook"]
    assert chosen["digest_kinds"] == ["deadline"]
    assert "unit_head" not in (await _settings(portal, unit))["preferences"]

    # An address with marks is refused beside its field; what was typed stays; nothing is saved.
    await page.fill("#roles-unit_officer-0-name", "Nguyễn Văn An")
    await page.fill("#roles-unit_officer-0-email", "an.nguyễn@thanhxuan.hanoi.gov.vn")
    await page.get_by_role("button", name="Lưu địa chỉ e-mail").click()
    error = page.locator("#roles-unit_officer-0-email-error")
    await error.wait_for()
    assert "không hợp lệ" in await error.inner_text()
    field = page.locator("#roles-unit_officer-0-email")
    assert await field.input_value() == "an.nguyễn@thanhxuan.hanoi.gov.vn"
    assert await field.get_attribute("aria-invalid") == "true"
    assert await page.locator("#roles-unit_officer-0-name").input_value() == "Nguyễn Văn An"
    assert (await _settings(portal, unit))["contacts"] == {}
    assert await accessibility_violations(page) == []
    await screenshot(page, "notifications-contact-refused-360")

    await field.fill("an.nv@thanhxuan.hanoi.gov.vn")
    await page.fill("#roles-unit_head-0-name", "Vũ Thị Hồng")
    await page.fill("#roles-unit_head-0-email", "hong.vt@thanhxuan.hanoi.gov.vn")
    await page.get_by_role("button", name="Lưu địa chỉ e-mail").click()
    await page.get_by_role("status").filter(has_text="Đã lưu địa chỉ e-mail nhận thông báo.").wait_for()
    assert await page.locator("#roles-unit_officer-0-email").input_value() == "an.nv@thanhxuan.hanoi.gov.vn"
    assert (
        await page.locator("#roles-unit_officer-1-email").input_value() == ""
    )  # a blank row to add one more
    contacts = (await _settings(portal, unit))["contacts"]
    assert contacts == {
        "unit_officer": [{"name": "Nguyễn Văn An", "email": "an.nv@thanhxuan.hanoi.gov.vn"}],
        "unit_head": [{"name": "Vũ Thị Hồng", "email": "hong.vt@thanhxuan.hanoi.gov.vn"}],
    }
    # The choices made before are still there: contacts and channels are saved apart.
    assert (await _settings(portal, unit))["preferences"]["unit_officer"]["digest_kinds"] == ["deadline"]


async def test_an_officer_chooses_only_its_own_role_and_the_page_shows_the_services_refusal_of_another(
    portal: Portal, signed_in: Any
) -> None:
    unit = "p-thanh-xuan-trung"
    officer = await portal.person("unit_officer", unit, "Bùi Quang Huy")
    page = await signed_in(officer)
    await page.goto(f"{portal.url}/notifications/settings")
    assert await page.locator("form.prefs legend").all_inner_texts() == ["Cán bộ thi đua, khen thưởng"]
    # The head's choice posted anyway (an old tab, a crafted page): notify refuses, the page says so.
    await page.evaluate(
        """() => { const form = document.querySelector('#prefs-unit_officer');
                   form.action = form.action.replace('/unit_officer', '/unit_head'); }"""
    )
    before = (await _settings(portal, unit))["preferences"].get("unit_head")
    await page.get_by_role("button", name="Lưu lựa chọn cho Cán bộ thi đua, khen thưởng").click()
    await page.get_by_role("alert").filter(has_text="Chỉ người giữ vai trò này").wait_for()
    beside = page.locator("#prefs-unit_head-error")  # beside the choice refused, what was ticked kept
    assert "Chỉ người giữ vai trò này (hoặc thủ trưởng đơn vị) được đổi." in await beside.inner_text()
    assert (
        await page.locator("#prefs-unit_head fieldset").get_attribute("aria-describedby")
        == "prefs-unit_head-error"
    )
    assert (await _settings(portal, unit))["preferences"].get("unit_head") == before
