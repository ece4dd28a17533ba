"""Journey 1b: an officer drafts a dossier, drops its documents, sends it; returned, fixed, sent again."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.async_api import expect

from emutrack_kit_testing.helpers import eventually
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_dossiers_helpers import (
    PDF,
    SIGNED_PDF,
    SUMMARY,
    WAIT,
    docx,
    dossier,
    dossier_when,
    drop,
    hanoi,
    no_overflow,
    office,
    open_round,
    prepare_dossier,
    sha256,
)

WHEN = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")
REASONS = [
    "Báo cáo thành tích chưa có chữ ký của Chủ tịch UBND phường",
    "Cần bổ sung số liệu thu ngân sách năm 2020 trong báo cáo",
]


async def test_an_officer_drafts_a_dossier_drops_its_documents_and_sends_it(
    portal: Portal, signed_in: Any
) -> None:
    round_id, round_name = await open_round(portal, "Hạ Đình")
    username = await portal.person("unit_officer", "p-ha-dinh", "Đỗ Thị Hồng Nhung")
    page = await signed_in(username)
    page.context.set_default_timeout(WAIT)
    await page.get_by_role("link", name=round_name).click()
    await page.get_by_role("link", name="Hồ sơ đề nghị khen thưởng của Phường Hạ Đình trong đợt này").click()
    assert await page.locator("h1").inner_text() == "Hồ sơ đề nghị khen thưởng của Phường Hạ Đình"
    assert "Theo công trạng (thường xuyên)" in await page.locator("#new + form").inner_text()
    assert await accessibility_violations(page) == []

    # A person proposed without a name: refused, the reason beside the name, what was typed kept.
    await page.check("#subject-individual")
    await page.select_option("#award_code", "chien_si_thi_dua_co_so")
    await page.fill("#summary", SUMMARY)
    await page.get_by_role("button", name="Lập hồ sơ").click()
    error = page.locator("#full_name-error")
    await error.wait_for()
    assert await error.inner_text() == "Cần họ và tên cá nhân được đề nghị."
    assert await page.locator("#full_name").get_attribute("aria-invalid") == "true"
    assert await page.locator("#full_name").get_attribute("aria-describedby") == "full_name-error"
    assert await page.locator("#summary").input_value() == SUMMARY
    assert await page.locator("#award_code").input_value() == "chien_si_thi_dua_co_so"
    assert await page.locator("#subject-individual").is_checked()
    assert (await _dossiers_of(portal, round_id, "p-ha-dinh"))["total"] == 0
    await screenshot(page, "dossier-draft-refused")

    await page.check("#subject-collective")
    await page.select_option("#award_code", "bang_khen_thanh_pho")
    await page.get_by_role("button", name="Lập hồ sơ").dblclick()
    # A double click: the second post may abort the first navigation; the address is what counts.
    await expect(page).to_have_url(re.compile(r"/dossiers/hs-[^/?]+\?created=1"), timeout=WAIT)
    dossier_id = page.url.split("/dossiers/")[1].split("?")[0]
    assert await page.locator("h1").inner_text() == "Phường Hạ Đình — Bằng khen của Chủ tịch UBND Thành phố"
    assert await page.locator("#status").inner_text() == "Bản nháp"
    assert (await _dossiers_of(portal, round_id, "p-ha-dinh"))["total"] == 1, "a double click drafts once"
    assert await accessibility_violations(page) == []

    # The report dropped on the page: its checksum computed here, the upload's progress, the stored checksum.
    await page.select_option("#kind", "achievement_report")
    await drop(page, "Báo cáo thành tích.pdf", PDF)
    await expect(page.locator("#sha-local")).to_have_text(sha256(PDF), timeout=WAIT)
    await page.get_by_role("button", name="Đính kèm").click()
    await expect(page.locator("#sha-server")).to_have_text(sha256(PDF), timeout=WAIT)
    assert await page.locator("#sha-verdict").inner_text() == "Khớp: tệp đã đến hệ thống nguyên vẹn."
    assert await page.locator("#upload-progress").evaluate("(bar) => bar.value") == 100
    assert await page.locator("#upload-percent").inner_text() == "100%"
    row = page.locator("#attachments tr", has_text="Báo cáo thành tích.pdf")
    assert sha256(PDF) in await row.inner_text()
    assert "Biên bản họp Hội đồng TĐKT" in await page.locator("#missing").inner_text()
    await screenshot(page, "dossier-dropped-checksum")

    await page.select_option("#kind", "council_minutes")
    await drop(page, "Biên bản họp.docx", docx(), "application/octet-stream")
    await expect(page.locator("#sha-local")).to_have_text(sha256(docx()), timeout=WAIT)
    await page.get_by_role("button", name="Đính kèm").click()
    await expect(page.locator("#sha-server")).to_have_text(sha256(docx()), timeout=WAIT)
    assert "Đã đủ tài liệu bắt buộc" in await page.locator("#missing").inner_text()
    stored = await dossier(portal, dossier_id)
    assert [(a["kind"], a["filename"], a["sha256"]) for a in stored["attachments"]] == [
        ("achievement_report", "Báo cáo thành tích.pdf", sha256(PDF)),
        ("council_minutes", "Biên bản họp.docx", sha256(docx())),
    ]

    # Sent with a double click: one submission, told on the page and on the timeline with names and time.
    await page.get_by_role("button", name="Gửi hồ sơ").dblclick()
    await expect(page).to_have_url(re.compile(r"\?sent=1"), timeout=WAIT)
    assert "Đã gửi hồ sơ đến Quận Thanh Xuân." in await page.locator(".notice").inner_text()
    sent = await dossier(portal, dossier_id)
    assert [h["status"] for h in sent["history"]][:2] == ["draft", "submitted"]
    assert [h["status"] for h in sent["history"]].count("submitted") == 1
    step = page.locator("#timeline li.step-submitted")
    assert await step.count() == 1
    assert await step.locator(".step-when").inner_text() == hanoi(sent["history"][1]["at"])
    assert WHEN.match(await step.locator(".step-when").inner_text())
    assert await step.locator(".step-who").inner_text() == "Đỗ Thị Hồng Nhung, Phường Hạ Đình"
    assert await page.get_by_role("button", name="Đính kèm").count() == 0, "a sent dossier is not edited"
    assert await accessibility_violations(page) == []
    await screenshot(page, "dossier-sent")


async def test_a_returned_dossier_shows_the_reasons_is_fixed_and_sent_again(
    portal: Portal, signed_in: Any
) -> None:
    round_id, _ = await open_round(portal, "Hạ Đình trả lại")
    username = await portal.person("unit_officer", "p-ha-dinh", "Vũ Minh Tuấn")
    subject = {"kind": "individual", "full_name": "Nguyễn Văn Đức", "position": "Công chức Văn phòng"}
    dossier_id = await prepare_dossier(portal, round_id, "p-ha-dinh", username, subject=subject, submit=True)
    nomination = f"{dossier_id}@q-thanh-xuan"
    async with httpx.AsyncClient(base_url=portal.slice.url("review-http"), timeout=20) as review:
        await eventually(
            lambda: review.get(f"/nominations/{nomination}", headers=office(portal)),
            lambda r: r.status_code == 200,
            timeout=120,
        )
        returned = await review.post(
            f"/nominations/{nomination}/return", json={"reasons": REASONS}, headers=office(portal)
        )
        assert returned.status_code == 200, returned.text
    await dossier_when(portal, dossier_id, lambda d: d["status"] == "returned")

    # Found from the menu's page of the unit's dossiers, searched without accents.
    page = await signed_in(username)
    page.context.set_default_timeout(WAIT)
    await page.get_by_role("link", name="Hồ sơ khen thưởng", exact=True).click()
    await page.wait_for_url(re.compile(r"/dossiers\?unit_id=p-ha-dinh"))
    await page.fill("#q", "nguyen van duc")
    await page.get_by_role("button", name="Tìm").click()
    await page.get_by_role("link", name="Nguyễn Văn Đức").click()
    assert await page.locator("#status").inner_text() == "Trả lại để bổ sung"
    assert await page.locator("#reasons + ul li").all_inner_texts() == REASONS
    back = page.locator("#timeline li.step-returned")
    assert await back.locator(".step-who").inner_text() == "Thường trực Hội đồng TĐKT Quận Thanh Xuân"
    assert await back.locator(".reasons li").all_inner_texts() == REASONS
    assert await accessibility_violations(page) == []
    await screenshot(page, "dossier-returned")

    await page.select_option("#kind", "achievement_report")
    await drop(page, "Báo cáo đã ký.pdf", SIGNED_PDF)
    await page.get_by_role("button", name="Đính kèm").click()
    await expect(page.locator("#sha-server")).to_have_text(sha256(SIGNED_PDF), timeout=WAIT)
    await page.get_by_role("button", name="Gửi lại hồ sơ").click()
    await page.wait_for_url(re.compile(r"\?sent=1"))
    final = await dossier_when(portal, dossier_id, lambda d: len(d["history"]) == 6)
    assert [h["status"] for h in final["history"]] == [
        "draft", "submitted", "received", "returned", "submitted", "received",
    ]  # fmt: skip
    async with httpx.AsyncClient(base_url=portal.slice.url("review-http"), timeout=20) as review:
        at_district = (await review.get(f"/nominations/{nomination}", headers=office(portal))).json()
    assert [h["status"] for h in at_district["history"]] == ["received", "returned", "received"]
    assert [a["filename"] for a in at_district["attachments"]][-1] == "Báo cáo đã ký.pdf"

    await page.reload()
    labels = await page.locator("#timeline li > strong").all_inner_texts()
    assert labels == [
        "Tạo hồ sơ (bản nháp)", "Gửi hồ sơ", "Tiếp nhận hồ sơ", "Trả lại để bổ sung",
        "Gửi lại sau khi bổ sung", "Tiếp nhận hồ sơ",
    ]  # fmt: skip
    whens = await page.locator("#timeline .step-when").all_inner_texts()
    assert whens == [hanoi(h["at"]) for h in final["history"]]
    assert (
        await page.locator("#timeline li.step-received .step-who").all_inner_texts()
        == ["Quận Thanh Xuân (tự động)"] * 2
    )
    assert await page.locator("#reasons").count() == 0, "the reasons are shown while the dossier is returned"
    assert await page.locator("#status").inner_text() == "Đã tiếp nhận"
    await screenshot(page, "dossier-resubmitted-timeline")

    phone = await signed_in(username, 360)
    phone.context.set_default_timeout(WAIT)
    await phone.goto(f"{portal.url}/dossiers/{dossier_id}")
    assert await no_overflow(phone), "nothing wider than the screen"
    assert await phone.locator("#timeline li.step-returned .reasons").is_visible()
    assert await accessibility_violations(phone) == []
    await screenshot(phone, "dossier-360")


async def _dossiers_of(portal: Portal, round_id: str, unit: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        response = await api.get(
            "/dossiers", params={"round_id": round_id, "unit_id": unit}, headers=office(portal)
        )
    assert response.status_code == 200, response.text
    return dict(response.json())
