"""Conferences of exemplars in Chromium: Hoàn Kiếm plans, staffs from the sheet, confirms, reports."""

from __future__ import annotations

import io
import uuid
from typing import Any

from openpyxl import load_workbook
from playwright.async_api import Page

from emutrack_kit_testing.helpers import bearer
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_office_data import ok, service

DISTRICT, PILOT = "q-hoan-kiem", "p-tran-hung-dao"
CONFERENCE = "hn-2024-q-hoan-kiem"


async def click(page: Page, button: str) -> None:
    await page.get_by_role("button", name=button).click()
    await page.wait_for_load_state()


async def status(page: Page) -> str:
    return await page.locator("main").get_by_role("status").first.inner_text()


def filled(template: bytes, exemplars: int, guests: int, women: int, bad_row: bool = False) -> bytes:
    """The downloaded sheet filled with delegates (a row without a category if asked)."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.active
    assert sheet is not None
    rows = [[f"Đại biểu điển hình {i + 1}", "Điển hình"] for i in range(exemplars)]
    rows += [[f"Khách mời {i + 1}", "Khách mời"] for i in range(guests)]
    if bad_row:
        rows.append(["Người chưa rõ loại", ""])
    for number, row in enumerate(rows):
        sheet.cell(row=4 + number, column=1, value=number + 1)
        sheet.cell(row=4 + number, column=2, value=row[0])
        if row[1]:
            sheet.cell(row=4 + number, column=3, value=row[1])
        sheet.cell(row=4 + number, column=5, value="Văn hóa, xã hội")
        if number < women:
            sheet.cell(row=4 + number, column=6, value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(page: Page, content: bytes) -> None:
    sheet = {"name": "dai-bieu.xlsx", "mimeType": "application/octet-stream", "buffer": content}
    await page.set_input_files("#file", files=[sheet])
    await click(page, "Gửi danh sách đại biểu")


async def pilot_ward_reports(portal: Portal) -> None:
    """Trần Hưng Đạo plans its pilot conference (it feeds the district's), staffs, confirms and reports."""
    headers = bearer(portal.token("standing_office", PILOT))
    plan = {"level_unit_id": PILOT, "name": "Hội nghị điểm phường Trần Hưng Đạo", "hold_by": "2024-01-30",
            "pilot": True}  # fmt: skip
    people = [{"full_name": f"Đại biểu {i}", "category": "dien_hinh" if i < 7 else "khach_moi",
               "sent_up": i == 0} for i in range(10)]  # fmt: skip
    held = {
        "held_on": "2024-01-29",
        "attended": 10,
        "honoured": 4,
        "summary": "Hội nghị điểm, rút kinh nghiệm.",
    }
    async with service(portal, "registration") as registration:
        planned = ok(await registration.post("/conferences", json=plan, headers=headers), 201)
        assert planned["parent_id"] == CONFERENCE
        cid = planned["conference_id"]
        ok(
            await registration.put(
                f"/conferences/{cid}/delegates", json={"delegates": people}, headers=headers
            )
        )
        ok(await registration.post(f"/conferences/{cid}/confirmation", headers=headers))
        ok(await registration.post(f"/conferences/{cid}/report", json=held, headers=headers))


async def test_the_district_office_plans_staffs_confirms_and_reports_its_conference(
    portal: Portal, signed_in: Any
) -> None:
    office = await portal.person("standing_office", DISTRICT, f"Trịnh Minh Đức {uuid.uuid4().hex[:4]}")
    page = await signed_in(office)
    await page.get_by_role("link", name="Cơ quan thường trực").click()
    await page.get_by_role("link", name="Hội nghị điển hình tiên tiến").click()
    assert "chưa lập kế hoạch hội nghị nào" in await page.locator("main").inner_text()

    await page.get_by_label("Tên hội nghị").fill("Hội nghị điển hình tiên tiến quận Hoàn Kiếm 2024")
    await page.get_by_label("Tổ chức xong trước ngày (dd/mm/yyyy)").fill("31-03-2024")
    await page.get_by_label("Số đại biểu tối đa").fill("300")
    await page.get_by_label("Đại biểu nữ").fill("3")
    await page.get_by_label("Hạn các đơn vị cấp dưới báo cáo", exact=False).fill("20/03/2024")
    await click(page, "Lập kế hoạch")
    hold_by = page.get_by_label("Tổ chức xong trước ngày (dd/mm/yyyy)")
    assert await hold_by.get_attribute("aria-invalid") == "true"
    assert "dd/mm/yyyy" in await page.locator("#hold_by-error").inner_text()
    assert await page.get_by_label("Đại biểu nữ").input_value() == "3"
    await hold_by.fill("31/03/2024")
    await click(page, "Lập kế hoạch")
    assert await status(page) == "Đã lập kế hoạch hội nghị."
    assert "Tối đa 300 đại biểu." in await page.locator("main").inner_text()
    assert await accessibility_violations(page) == []

    await pilot_ward_reports(portal)
    await page.reload()
    below = await page.locator("section", has_text="Hội nghị của các đơn vị cấp dưới").inner_text()
    assert "Báo cáo muộn: Phường Trần Hưng Đạo." in below  # reported long after 20/03/2024
    assert "Phường Hàng Bạc" in below.split("Chưa báo cáo:")[1]
    assert "Đại biểu 0 (Phường Trần Hưng Đạo)" in below

    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Tải mẫu danh sách đại biểu (.xlsx)").click()
    template = (await (await downloading.value).path()).read_bytes()

    # 60 % exemplars and two women: both shortfalls named, and the confirmation refused.
    await upload(page, filled(template, exemplars=6, guests=4, women=2))
    assert await status(page) == "Đã nhận danh sách đại biểu."
    shortfalls = await page.locator(".shortfalls").inner_text()
    assert "thiếu 1 đại biểu điển hình" in shortfalls
    assert "Thiếu 1 đại biểu nữ." in shortfalls
    await click(page, "Chốt danh sách đại biểu")
    assert "Danh sách đại biểu chưa đạt" in await page.get_by_role("alert").inner_text()
    await screenshot(page, "conference-shortfalls")

    # A row without its category: the row named, nothing replaced.
    await upload(page, filled(template, exemplars=7, guests=3, women=3, bad_row=True))
    assert "Loại đại biểu" in await page.locator(".row-errors").inner_text()
    await upload(page, filled(template, exemplars=7, guests=3, women=3))
    assert "Danh sách đạt các yêu cầu của kế hoạch." in await page.locator("main").inner_text()
    await click(page, "Chốt danh sách đại biểu")
    assert await status(page) == "Đã chốt danh sách đại biểu."

    await page.get_by_label("Ngày tổ chức (dd/mm/yyyy)").fill("28/03/2024")
    await page.get_by_label("Số đại biểu dự").fill("10")
    await page.get_by_label("Số gương điển hình được biểu dương").fill("6")
    await page.get_by_label("Tóm tắt kết quả").fill(
        "Biểu dương 6 gương điển hình tiên tiến, người tốt - việc tốt."
    )
    await click(page, "Gửi báo cáo kết quả")
    assert await status(page) == "Đã gửi báo cáo kết quả hội nghị."
    assert "Tổ chức ngày 28/03/2024: 10 đại biểu dự" in await page.locator("main").inner_text()
    assert await accessibility_violations(page) == []
    await screenshot(page, "conference-reported")
