"""Journey 1a: a ward officer proposes initiatives and exemplars, one form each, refusals by the fields."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from playwright.async_api import Page

from emutrack_kit_testing.helpers import bearer
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_lists import open_round

WARD = "p-khuong-mai"


async def proposed(portal: Portal, kind: str, round_id: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        found = await api.get(
            f"/{kind}", params={"round_id": round_id, "unit_id": WARD},
            headers=bearer(portal.token("unit_officer", WARD)),
        )  # fmt: skip
    assert found.status_code == 200, found.text
    return list(found.json()["items"])


async def send(page: Page, button: str) -> None:
    await page.get_by_role("button", name=button).click()
    await page.wait_for_load_state("load")


async def test_an_officer_proposes_an_initiative_and_reads_why_it_was_refused(
    portal: Portal, signed_in: Any
) -> None:
    name = f"Xét công nhận sáng kiến cấp Quận (Khương Mai) — {uuid.uuid4().hex[:6]}"
    round_id = await open_round(portal, "initiative", name)
    username = await portal.person("unit_officer", WARD, "Lê Thị Hồng Nhung")
    page = await signed_in(username)
    await page.get_by_role("link", name="Đăng ký của đơn vị").click()
    await (
        page.locator("li.card", has_text=name).get_by_role("link", name="Đề nghị công nhận sáng kiến").click()
    )
    assert await page.locator("h1").inner_text() == "Đề nghị công nhận sáng kiến"
    assert "Đơn vị chưa đề nghị sáng kiến nào trong đợt này." in await page.locator("main").inner_text()
    assert await accessibility_violations(page) == []

    await page.fill("#title", "Số hóa sổ hộ tịch bằng mã QR")
    await page.fill("#field", "Cải cách hành chính")
    await page.fill("#author_name-0", "Lê Thị Hồng Nhung")
    await page.fill("#author_position-0", "Công chức Tư pháp - Hộ tịch")
    await page.fill("#author_share-0", "60")
    await page.fill("#author_name-1", "Trần Văn Bình")
    await page.fill("#author_share-1", "50")
    await page.select_option("#recognition_level", label="Cấp huyện (quận)")
    await page.fill("#applied_since", "2024-03-15")
    await page.fill("#summary", "Mỗi sổ hộ tịch được gắn mã QR để tra cứu nhanh bản gốc.")
    await page.fill("#benefits", "Rút ngắn thời gian tra cứu từ 30 phút xuống 2 phút.")

    # A day not typed dd/mm/yyyy: said beside the field by the portal, everything typed kept.
    await send(page, "Gửi đề nghị công nhận")
    assert "dd/mm/yyyy" in await page.locator("#applied_since-error").inner_text()
    assert await page.locator("#applied_since").get_attribute("aria-invalid") == "true"
    assert await page.locator("#applied_since").get_attribute("aria-describedby") == "applied_since-error"
    assert await page.locator("#title").input_value() == "Số hóa sổ hộ tịch bằng mã QR"
    assert await page.locator("#author_name-1").input_value() == "Trần Văn Bình"
    assert await page.locator("#recognition_level").input_value() == "cap_huyen"
    assert (
        await page.locator("#benefits").input_value() == "Rút ngắn thời gian tra cứu từ 30 phút xuống 2 phút."
    )

    # Shares over 100%: the service's reason beside the authors.
    await page.fill("#applied_since", "15/03/2024")
    await send(page, "Gửi đề nghị công nhận")
    assert (
        "Tổng tỷ lệ đóng góp của các tác giả là 110%, vượt quá 100%."
        in await page.locator("#authors-error").inner_text()
    )
    assert await accessibility_violations(page) == []
    await screenshot(page, "lists-initiative-refused")

    # A day still to come: refused by the service, beside the day.
    await page.fill("#author_share-1", "40")
    await page.fill("#applied_since", "01/01/2099")
    await send(page, "Gửi đề nghị công nhận")
    assert "không được sau hôm nay" in await page.locator("#applied_since-error").inner_text()
    assert await proposed(portal, "initiatives", round_id) == []

    await page.fill("#applied_since", "15/03/2024")
    await send(page, "Gửi đề nghị công nhận")
    assert await page.get_by_role("status").first.inner_text() == "Đã gửi đề nghị công nhận sáng kiến."
    row = await page.locator(".lists-table tbody tr").inner_text()
    for shown in ("Số hóa sổ hộ tịch bằng mã QR", "Lê Thị Hồng Nhung (60%), Trần Văn Bình (40%)",
                  "Cấp huyện (quận)", "15/03/2024", "Đã gửi"):  # fmt: skip
        assert shown in row
    assert await page.locator("#title").input_value() == ""  # a new blank form for the next one
    await screenshot(page, "lists-initiative-proposed")

    # A double click sends one initiative.
    await page.fill("#title", "Sổ tay điện tử tổ dân phố")
    await page.fill("#field", "Chuyển đổi số")
    await page.fill("#author_name-0", "Phan Văn Toàn")
    await page.select_option("#recognition_level", label="Cấp cơ sở")
    await page.fill("#applied_since", "02/01/2025")
    await page.fill("#summary", "Tổ dân phố ghi chép hoạt động trên điện thoại.")
    await page.fill("#benefits", "Giảm giấy tờ, báo cáo nhanh.")
    await page.get_by_role("button", name="Gửi đề nghị công nhận").dblclick()
    await page.locator(".lists-table tbody tr", has_text="Sổ tay điện tử tổ dân phố").wait_for()
    titles = sorted(s["title"] for s in await proposed(portal, "initiatives", round_id))
    assert titles == sorted(["Sổ tay điện tử tổ dân phố", "Số hóa sổ hộ tịch bằng mã QR"])

    await page.fill("#q", "so hoa ho tich")
    await page.get_by_role("button", name="Tìm", exact=True).click()
    await page.wait_for_load_state("load")
    assert await page.locator(".lists-table tbody tr").count() == 1
    assert "Số hóa sổ hộ tịch bằng mã QR" in await page.locator(".lists-table tbody tr").inner_text()


async def test_an_officer_proposes_exemplars_once_each(portal: Portal, signed_in: Any) -> None:
    name = f"Gương điển hình tiên tiến, người tốt việc tốt (Khương Mai) — {uuid.uuid4().hex[:6]}"
    round_id = await open_round(portal, "exemplar", name)
    username = await portal.person("unit_officer", WARD, "Đinh Thị Mai")
    page = await signed_in(username)
    await page.goto(f"{portal.url}/lists")
    await (
        page.locator("li.card", has_text=name)
        .get_by_role("link", name="Đề xuất gương điển hình, người tốt việc tốt")
        .click()
    )
    assert await page.locator("h1").inner_text() == "Đề xuất gương điển hình tiên tiến, người tốt việc tốt"
    assert await accessibility_violations(page) == []

    await page.select_option("#category", label="Người tốt, việc tốt")
    await page.select_option("#subject_kind", label="Cá nhân")
    await page.fill("#subject_name", "   ")
    await page.fill("#subject_position", "Tổ trưởng tổ dân phố số 3")
    await page.select_option("#subject_gender", label="Nam")
    await page.fill("#field", "Nhân đạo, từ thiện")
    await page.fill("#achievement", "Nhặt được ví có 20 triệu đồng, trả lại người đánh rơi.")
    await send(page, "Gửi đề xuất")
    assert await page.locator("#subject_name-error").inner_text() == "Không được để trống."
    assert await page.locator("#subject_name").get_attribute("aria-invalid") == "true"
    assert await page.locator("#category").input_value() == "nguoi_tot_viec_tot"
    assert await page.locator("#subject_gender").input_value() == "nam"
    assert "20 triệu đồng" in await page.locator("#achievement").input_value()
    assert await proposed(portal, "exemplars", round_id) == []
    assert await accessibility_violations(page) == []
    await screenshot(page, "lists-exemplar-refused")

    await page.fill("#subject_name", "Trần Văn Bình")
    await send(page, "Gửi đề xuất")
    assert await page.get_by_role("status").first.inner_text() == "Đã gửi đề xuất."
    row = await page.locator(".lists-table tbody tr").inner_text()
    for shown in ("Trần Văn Bình", "Người tốt, việc tốt", "Cá nhân", "Tổ trưởng tổ dân phố số 3", "Đã gửi"):
        assert shown in row

    # The same form sent twice (its key is the Idempotency-Key): one exemplar.
    form = {
        "csrf": await page.locator("form.lists-form input[name=csrf]").input_value(),
        "key": await page.locator("form.lists-form input[name=key]").input_value(),
        "unit_id": WARD, "category": "dien_hinh_tien_tien", "subject_kind": "collective",
        "subject_name": "Tổ dân phố số 3", "field": "Xây dựng khu dân cư văn minh",
        "achievement": "Ba năm liền là tổ dân phố văn hóa tiêu biểu.",
    }  # fmt: skip
    for _ in range(2):
        answer = await page.request.post(
            f"{portal.url}/rounds/{round_id}/exemplars", form=form, max_redirects=0
        )
        assert answer.status == 303
    names = sorted(s["subject_name"] for s in await proposed(portal, "exemplars", round_id))
    assert names == sorted(["Trần Văn Bình", "Tổ dân phố số 3"])
    await page.reload()
    assert await page.locator(".lists-table tbody tr").count() == 2
    await page.fill("#q", "to dan pho")
    await page.get_by_role("button", name="Tìm", exact=True).click()
    await page.wait_for_load_state("load")
    assert await page.locator(".lists-table tbody tr").count() == 1
    await screenshot(page, "lists-exemplars-proposed")
