"""Journey 1a: a ward officer sends Forms 1 and 2 (Mẫu 1, Mẫu 2) of a five-year round from their templates."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
from openpyxl import load_workbook

from emutrack_kit_testing.helpers import bearer, eventually
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_lists import download, filled, fits_the_screen, open_round, upload

WARD = "p-khuong-mai"
FORM1_ROWS = [
    ["Tổ dân phố số 5", "Tự quản khu dân cư", "Tuyến phố văn minh", "2021 - 2025", "Hộ gia đình", "Nhân rộng",
     "Bằng khen của Chủ tịch UBND Thành phố; Cờ thi đua Thành phố"],
    ["Trường Mầm non Khương Mai", "Giáo dục mầm non", "Trường học xanh", "2022 - 2024", "", "",
     "Huân chương Lao động hạng Ba"],
]  # fmt: skip
FORM2_ROWS = [
    ["Lê Thị Hồng Nhung", "Công chức Tư pháp - Hộ tịch, UBND phường Khương Mai", "Cải cách hành chính",
     "Số hóa sổ hộ tịch bằng mã QR", "2021 - 2023", "Người dân phường", "Rút ngắn thời gian tra cứu",
     "Chiến sĩ thi đua cơ sở; Bằng khen của Chủ tịch UBND Thành phố"],
]  # fmt: skip


async def stored_form(portal: Portal, round_id: str, form: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        path = f"/rounds/{round_id}/units/{WARD}/forms/{form}"
        return await api.get(path, headers=bearer(portal.token("unit_officer", WARD)))


async def test_an_officer_sends_forms_1_and_2_fixing_the_rows_refused(portal: Portal, signed_in: Any) -> None:
    name = f"Đăng ký gương điển hình tiên tiến giai đoạn 2021 - 2025 (Mẫu 1, Mẫu 2) — {uuid.uuid4().hex[:6]}"
    round_id = await open_round(portal, "registration", name, period_from_year=2021, period_to_year=2025)
    username = await portal.person("unit_officer", WARD, "Ngô Thanh Hương")
    page = await signed_in(username)
    await page.get_by_role("link", name="Đăng ký của đơn vị").click()
    card = page.locator("li.card", has_text=name)
    await card.get_by_role("link", name="Mẫu 1 — gương điển hình tập thể").click()
    assert await page.locator("h1").inner_text() == "Mẫu 1: Đăng ký gương điển hình tiên tiến đối với tập thể"
    assert "Phường Khương Mai" in await page.locator(".lists-meta").inner_text()
    assert await accessibility_violations(page) == []

    template = await download(page, "Tải Mẫu 1 của đợt này (.xlsx)")
    sheet = load_workbook(io.BytesIO(template)).active
    assert sheet is not None
    assert sheet["A3"].value == "ĐĂNG KÝ GƯƠNG ĐIỂN HÌNH TIÊN TIẾN ĐỐI VỚI TẬP THỂ GIAI ĐOẠN 2021 - 2025"

    # Row 8 names an award that does not exist and leaves its model empty: refused whole.
    wrong = [list(r) for r in FORM1_ROWS]
    wrong[1][2] = None
    wrong[1][6] = "Huy chương vàng"
    await upload(page, "mau-1-khuong-mai.xlsx", filled(template, wrong, 7), "Gửi Mẫu 1")
    problems = page.locator(".row-errors tbody tr")
    assert await problems.count() == 2
    texts = [await problems.nth(i).inner_text() for i in range(2)]
    assert all(t.startswith("8") for t in texts)
    assert any("Thiếu 'Tên mô hình, chuyên đề'." in t for t in texts)
    assert any("'Huy chương vàng' không có trong danh mục" in t for t in texts)
    assert "Mẫu 1 có 2 lỗi; không dòng nào được lưu" in await page.locator("#file-error").inner_text()
    assert (await stored_form(portal, round_id, "collective-exemplars")).status_code == 404
    assert await accessibility_violations(page) == []
    await screenshot(page, "lists-form1-row-errors")

    await upload(page, "mau-1-khuong-mai.xlsx", filled(template, FORM1_ROWS, 7), "Gửi Mẫu 1")
    assert await page.get_by_role("status").first.inner_text() == "Đã nhận Mẫu 1 gồm 2 dòng."
    rows = page.locator(".lists-table tbody tr")
    assert await rows.count() == 2
    first = await rows.nth(0).inner_text()
    assert "Tổ dân phố số 5" in first
    assert "Bằng khen của Chủ tịch UBND Thành phố; Cờ thi đua Thành phố" in first
    await screenshot(page, "lists-form1-accepted")
    await page.fill("#q", "truong mam non")
    await page.get_by_role("button", name="Tìm", exact=True).click()
    await page.wait_for_load_state("load")
    assert await rows.count() == 1
    assert "Trường Mầm non Khương Mai" in await rows.nth(0).inner_text()
    stored = (await stored_form(portal, round_id, "collective-exemplars")).json()
    assert [r["collective_name"] for r in stored["rows"]] == ["Tổ dân phố số 5", "Trường Mầm non Khương Mai"]

    # Form 2: Form 1's file is refused as the wrong template, then Form 2's own is accepted.
    await page.goto(f"{portal.url}/rounds/{round_id}/forms/mau-2?unit_id={WARD}")
    assert await page.locator("h1").inner_text() == "Mẫu 2: Đăng ký gương điển hình tiên tiến đối với cá nhân"
    await upload(page, "mau-1-nham.xlsx", filled(template, FORM1_ROWS, 7), "Gửi Mẫu 2")
    assert "không đúng Mẫu 2 của đợt này" in await page.locator("#file-error").inner_text()
    assert (await stored_form(portal, round_id, "individual-exemplars")).status_code == 404
    template2 = await download(page, "Tải Mẫu 2 của đợt này (.xlsx)")
    await upload(page, "mau-2-khuong-mai.xlsx", filled(template2, FORM2_ROWS, 7), "Gửi Mẫu 2")
    assert await page.get_by_role("status").first.inner_text() == "Đã nhận Mẫu 2 gồm 1 dòng."
    row = await page.locator(".lists-table tbody tr").inner_text()
    assert "Lê Thị Hồng Nhung" in row
    assert "Số hóa sổ hộ tịch bằng mã QR" in row
    assert await accessibility_violations(page) == []
    await screenshot(page, "lists-form2-accepted")
    exported = await download(page, "Tải Mẫu 2 đã nhận (.xlsx, có chỗ ký, đóng dấu)")
    assert load_workbook(io.BytesIO(exported)).active["B7"].value == "Lê Thị Hồng Nhung"

    # The district reads both forms summed across its wards on its dashboard (issue 18.10).
    async def forms_counted() -> dict[str, Any]:
        async with httpx.AsyncClient(base_url=portal.slice.url("reporting-http"), timeout=20) as api:
            got = await api.get(
                "/units/q-thanh-xuan/counts", params={"period": 2025},
                headers=bearer(portal.token("viewer", "q-thanh-xuan")),
            )  # fmt: skip
        return dict(got.json()) if got.status_code == 200 else {}

    await eventually(
        forms_counted,
        lambda c: {"collective-exemplars", "individual-exemplars"} <= set(c.get("form_rows", {})),
    )
    leader = await signed_in(await portal.person("viewer", "q-thanh-xuan", "Vũ Minh Đức"))
    await leader.goto(f"{portal.url}/dashboard/q-thanh-xuan?period=2025")
    forms = await leader.locator("#forms-table").inner_text()
    assert "Mẫu 1 — gương điển hình tập thể" in forms
    assert "Mẫu 2 — gương điển hình cá nhân" in forms
    assert await accessibility_violations(leader) == []


async def test_a_form_reads_on_a_phone(portal: Portal, signed_in: Any) -> None:
    name = f"Đăng ký gương điển hình giai đoạn 2021 - 2025 (thử trên điện thoại) — {uuid.uuid4().hex[:6]}"
    round_id = await open_round(portal, "registration", name, period_from_year=2021, period_to_year=2025)
    username = await portal.person("unit_officer", WARD, "Vũ Hải Yến")
    page = await signed_in(username, 360)
    await page.goto(f"{portal.url}/rounds/{round_id}/forms/mau-1?unit_id={WARD}")
    template = await download(page, "Tải Mẫu 1 của đợt này (.xlsx)")
    await upload(page, "mau-1.xlsx", filled(template, FORM1_ROWS, 7), "Gửi Mẫu 1")
    assert await page.locator(".lists-table tbody tr").count() == 2
    assert await fits_the_screen(page)
    label = (
        await page.locator(".lists-table td")
        .nth(1)
        .evaluate("td => getComputedStyle(td, '::before').content")
    )
    assert label == '"Tên tập thể: "'
    await screenshot(page, "lists-form1-360")
