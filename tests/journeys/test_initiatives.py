"""Initiative recognition in Chromium: Hoàng Mai's council marks, its chair recognises, the ward reads."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from playwright.async_api import Page

from emutrack_kit_testing.helpers import bearer
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_office_data import HOANG_MAI, ok, open_round, service

WARD = "p-tuong-mai"  # Phường Tương Mai: no other journey uses it
TITLE = "Bản đồ số điểm ngập úng trên địa bàn phường"
MEMBER, CHAIR, OFFICER = "Đỗ Thị Minh Khuê", "Vũ Quang Huy", "Ngô Thanh Tâm"


async def proposed_initiative(portal: Portal) -> str:
    """Tương Mai proposes an initiative to Hoàng Mai's council; waits until review holds it."""
    round_id = await open_round(
        portal, "initiative", f"Xét công nhận sáng kiến năm 2020 ({uuid.uuid4().hex[:6]})"
    )
    body = {
        "unit_id": WARD, "title": TITLE, "field": "Quản lý đô thị",
        "authors": [{"full_name": OFFICER, "position": "Công chức Địa chính - Xây dựng"}],
        "recognition_level": "cap_huyen", "applied_since": "2020-06-01",
        "summary": "Người dân báo điểm ngập qua điện thoại; phường điều người xử lý theo bản đồ.",
        "benefits": "Thời gian xử lý một điểm ngập giảm từ 3 giờ xuống 40 phút.",
    }  # fmt: skip
    headers = {**bearer(portal.token("unit_officer", WARD)), "Idempotency-Key": uuid.uuid4().hex}
    async with service(portal, "registration") as registration:
        sent = ok(await registration.post(f"/rounds/{round_id}/initiatives", json=body, headers=headers), 201)
    submission_id = str(sent["submission_id"])
    async with service(portal, "review") as review:
        for _ in range(150):
            found = await review.get(
                f"/initiatives/{submission_id}", headers=bearer(portal.token("viewer", HOANG_MAI))
            )
            if found.status_code == 200:
                return submission_id
            await asyncio.sleep(0.2)
    raise AssertionError("review never received the initiative")


async def click(page: Page, button: str) -> None:
    await page.get_by_role("button", name=button).click()
    await page.wait_for_load_state()


async def status(page: Page) -> str:
    return await page.locator("main").get_by_role("status").first.inner_text()


async def mark(page: Page, novelty: str, use: str, benefit: str) -> None:
    await page.get_by_label("Tính mới (0–30 điểm)").fill(novelty)
    await page.get_by_label("Khả năng áp dụng, nhân rộng (0–30 điểm)").fill(use)
    await page.get_by_label("Hiệu quả, lợi ích mang lại (0–40 điểm)").fill(benefit)


async def test_the_council_marks_an_initiative_and_the_chair_recognises_it(
    portal: Portal, signed_in: Any
) -> None:
    submission_id = await proposed_initiative(portal)
    member, chair, officer = await asyncio.gather(
        portal.person("council_member", HOANG_MAI, MEMBER),
        portal.person("council_chair", HOANG_MAI, CHAIR),
        portal.person("unit_officer", WARD, OFFICER),
    )

    # A member finds it from the council's page and marks it; a mark over the maximum is refused there.
    page = await signed_in(member)
    await page.get_by_role("link", name="Hội đồng thi đua").click()
    await page.get_by_role(
        "link", name="Sáng kiến trình Hội đồng Quận Hoàng Mai: chấm điểm, công nhận"
    ).click()
    await page.select_option("#status", label="Chờ Hội đồng xét")
    await click(page, "Lọc")
    row = page.locator("table.initiatives tbody tr", has_text=TITLE)
    assert "Phường Tương Mai" in await row.inner_text()
    assert "Chưa chấm" in await row.inner_text()
    assert await accessibility_violations(page) == []
    await row.get_by_role("link", name=TITLE).click()
    assert await page.locator("h1").inner_text() == TITLE
    await mark(page, "31", "24", "32")
    await click(page, "Ghi điểm")
    box = page.get_by_label("Tính mới (0–30 điểm)")
    assert await box.get_attribute("aria-invalid") == "true"
    assert "từ 0 đến 30" in await page.locator(f"#{await box.get_attribute('aria-describedby')}").inner_text()
    assert await page.get_by_label("Hiệu quả, lợi ích mang lại (0–40 điểm)").input_value() == "32"
    await mark(page, "25", "24", "32")
    await click(page, "Ghi điểm")
    assert await status(page) == "Đã ghi điểm của bạn."
    scores = await page.locator("table.scores").inner_text()
    assert MEMBER in scores
    assert "81" in scores
    assert await page.get_by_role("button", name="Ghi quyết định").count() == 0  # a member does not decide
    assert await accessibility_violations(page) == []

    # The chair marks too, then decides: a recognition without its number is refused, then recorded once.
    page = await signed_in(chair)
    await page.goto(f"{portal.url}/initiatives/{submission_id}")
    await mark(page, "28", "26", "36")
    await click(page, "Ghi điểm")
    assert "85,5" in await page.locator("table.scores tfoot").inner_text()
    scopes = await page.locator("#scope option").all_inner_texts()
    assert scopes == ["Cấp huyện (quận)", "Cấp cơ sở"]  # nothing wider than the claim or the district
    await page.get_by_label("Công nhận sáng kiến").check()
    await page.get_by_label("Ngày ký (dd/mm/yyyy)").fill("15/12/2020")
    await click(page, "Ghi quyết định")
    number = page.get_by_label("Số quyết định công nhận")
    assert await number.get_attribute("aria-invalid") == "true"
    assert "số quyết định" in await page.locator("#decision_number-error").inner_text()
    assert await page.get_by_label("Ngày ký (dd/mm/yyyy)").input_value() == "15/12/2020"
    assert await page.get_by_label("Công nhận sáng kiến").is_checked()
    await screenshot(page, "initiative-decision-refused")
    await number.fill("2468/QĐ-UBND")
    await page.get_by_role("button", name="Ghi quyết định").dblclick()
    await page.wait_for_load_state()
    assert await status(page) == "Đã ghi quyết định của Hội đồng."
    result = await page.locator("section", has_text="Kết quả xét").inner_text()
    assert "Được công nhận cấp huyện (quận) theo Quyết định số 2468/QĐ-UBND ngày 15/12/2020" in result
    assert await accessibility_violations(page) == []
    await screenshot(page, "initiative-recognised")

    # The ward's officer reads the result from its own list of initiatives.
    page = await signed_in(officer)
    await page.goto(f"{portal.url}/initiatives/{submission_id}")
    assert "Được công nhận cấp huyện (quận)" in await page.locator("main").inner_text()
    assert await page.locator("table.scores").count() == 0  # the members' sheets stay with the council
    async with service(portal, "review") as review:
        stored = ok(
            await review.get(
                f"/initiatives/{submission_id}", headers=bearer(portal.token("viewer", HOANG_MAI))
            )
        )
    assert stored["status"] == "recognised"
    assert stored["decision"]["decision_number"] == "2468/QĐ-UBND"
