"""Journey 1b, bad input: each refusal is said in Vietnamese on the page, and nothing changes behind it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import expect

from emutrack_kit.clock import HANOI
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_dossiers_helpers import (
    PDF,
    SUMMARY,
    WAIT,
    docx,
    dossier,
    drop,
    hanoi,
    office,
    open_round,
    prepare_dossier,
    sha256,
)

EXE = b"MZ\x90\x00" + b"\x00" * 200
THIRTY_MB = b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024)


async def test_a_wrong_file_type_and_a_30_mb_file_are_refused_and_nothing_is_attached(
    portal: Portal, signed_in: Any, tmp_path: Path
) -> None:
    round_id, _ = await open_round(portal, "Nhân Chính tệp")
    username = await portal.person("unit_officer", "p-nhan-chinh", "Phạm Quang Huy")
    subject = {"kind": "individual", "full_name": "Lê Thị Mai"}
    dossier_id = await prepare_dossier(
        portal, round_id, "p-nhan-chinh", username, subject=subject, submit=False
    )
    before = (await dossier(portal, dossier_id))["attachments"]
    page = await signed_in(username)
    page.context.set_default_timeout(WAIT)
    await page.goto(f"{portal.url}/dossiers/{dossier_id}")

    await page.select_option("#kind", "other")
    await drop(page, "danh-sach.exe", EXE, "application/octet-stream")
    await page.get_by_role("button", name="Đính kèm").click()
    error = page.locator("#file-error")
    await expect(error).to_have_text(
        "Tệp 'danh-sach.exe' không phải PDF, DOCX, XLSX, JPG hoặc PNG; chỉ các loại này được đính kèm.",
        timeout=WAIT,
    )
    assert await page.locator("#file").get_attribute("aria-invalid") == "true"
    assert await page.locator("#file").get_attribute("aria-describedby") == "file-error"
    assert await page.locator("#kind").input_value() == "other"
    await screenshot(page, "dossier-wrong-type")

    big = tmp_path / "ho-so-lon.pdf"
    big.write_bytes(THIRTY_MB)  # a file chosen from the disk, as a person would
    await page.set_input_files("#file", big)
    await expect(page.locator("#sha-local")).to_have_text(sha256(THIRTY_MB), timeout=WAIT)
    await page.get_by_role("button", name="Đính kèm").click()
    await expect(error).to_have_text("Tệp 'ho-so-lon.pdf' lớn hơn 20 MB.", timeout=WAIT)
    assert await page.locator("#sha-server").inner_text() == "—", "nothing stored, no stored checksum"
    assert await page.locator("#attachments tbody tr").count() == len(before)
    assert (await dossier(portal, dossier_id))["attachments"] == before
    assert await accessibility_violations(page) == []
    await screenshot(page, "dossier-too-large")


async def test_a_form_left_open_past_the_deadline_is_refused_and_the_dossier_stays_a_draft(
    portal: Portal, signed_in: Any
) -> None:
    round_id, _ = await open_round(portal, "Nhân Chính hạn")
    username = await portal.person("unit_officer", "p-nhan-chinh", "Trịnh Thu Trang")
    subject = {"kind": "individual", "full_name": "Đặng Văn Khoa"}
    dossier_id = await prepare_dossier(
        portal, round_id, "p-nhan-chinh", username, subject=subject, submit=False
    )
    page = await signed_in(username)
    page.context.set_default_timeout(WAIT)
    await page.goto(f"{portal.url}/dossiers/{dossier_id}")
    assert "Đã đủ tài liệu bắt buộc" in await page.locator("#missing").inner_text()

    yesterday = datetime.now(HANOI).date() - timedelta(days=1)
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        moved = await api.put(
            f"/rounds/{round_id}/deadline", json={"deadline": yesterday.isoformat()}, headers=office(portal)
        )
    assert moved.status_code == 200, moved.text
    await page.get_by_role("button", name="Gửi hồ sơ").click()
    refusal = page.locator("#send-error")
    await refusal.wait_for()
    text = await refusal.inner_text()
    assert text.startswith("Đã quá hạn nộp của đợt")
    assert f"23:59 ngày {yesterday:%d/%m/%Y} (giờ Hà Nội)" in text
    assert text in await page.get_by_role("alert").inner_text()
    assert await page.locator("#status").inner_text() == "Bản nháp"
    stored = await dossier(portal, dossier_id)
    assert (stored["status"], [h["status"] for h in stored["history"]]) == ("draft", ["draft"])
    assert await accessibility_violations(page) == []
    await screenshot(page, "dossier-deadline-passed")


async def test_a_second_tab_sending_a_dossier_already_sent_is_told_so_and_it_is_sent_once(
    portal: Portal, signed_in: Any
) -> None:
    round_id, _ = await open_round(portal, "Phương Liệt hai thẻ")
    username = await portal.person("unit_officer", "p-phuong-liet", "Hoàng Thị Thu Hà")
    subject = {"kind": "individual", "full_name": "Bùi Thị Hạnh"}
    dossier_id = await prepare_dossier(
        portal, round_id, "p-phuong-liet", username, subject=subject, submit=False
    )
    first = await signed_in(username)
    first.context.set_default_timeout(WAIT)
    second = await first.context.new_page()
    for tab in (first, second):
        await tab.goto(f"{portal.url}/dossiers/{dossier_id}")

    await first.get_by_role("button", name="Gửi hồ sơ").click()
    await first.wait_for_url(re.compile(r"\?sent=1"))
    await second.get_by_role("button", name="Gửi hồ sơ").click()
    note = second.locator("#already")
    await note.wait_for()
    sent = await dossier(portal, dossier_id)
    assert [h["status"] for h in sent["history"]].count("submitted") == 1
    assert (await note.inner_text()).startswith(
        f"Hồ sơ này đã được gửi lúc {hanoi(sent['history'][1]['at'])} (Hoàng Thị Thu Hà, Phường Phương Liệt)"
    )
    assert await second.locator("#timeline li.step-submitted").count() == 1
    assert await second.get_by_role("button", name="Gửi hồ sơ").count() == 0
    assert await accessibility_violations(second) == []
    await screenshot(second, "dossier-second-tab")


async def test_without_javascript_the_forms_work_and_a_double_click_sends_once(
    portal: Portal, without_javascript: Any
) -> None:
    round_id, _ = await open_round(portal, "Phương Liệt không JS")
    username = await portal.person("unit_officer", "p-phuong-liet", "Lương Văn Thắng")
    for name in ("Trần Đức Anh", "Lương Thị Ánh"):
        subject = {"kind": "individual", "full_name": name}
        await prepare_dossier(portal, round_id, "p-phuong-liet", username, subject=subject, submit=False)
    page = await without_javascript(username)
    page.context.set_default_timeout(WAIT)
    listing = f"{portal.url}/dossiers?unit_id=p-phuong-liet&round_id={round_id}"

    # The list is paged and searched without accents.
    await page.goto(f"{listing}&limit=1")
    first_page = await page.locator("table.dossiers tbody tr").all_inner_texts()
    await page.get_by_role("link", name="Trang sau »").click()
    second_page = await page.locator("table.dossiers tbody tr").all_inner_texts()
    assert (len(first_page), len(second_page)) == (1, 1)
    assert {"Trần Đức Anh" in first_page[0], "Trần Đức Anh" in second_page[0]} == {True, False}
    assert await page.get_by_role("link", name="« Trang trước").count() == 1
    await page.fill("#q", "luong thi anh")
    await page.get_by_role("button", name="Tìm").click()
    rows = page.locator("table.dossiers tbody tr")
    assert await rows.count() == 1
    assert "Lương Thị Ánh" in await rows.inner_text()

    await page.goto(listing)
    await page.select_option("#award_code", "giay_khen")
    await page.fill("#summary", SUMMARY)
    await page.get_by_role("button", name="Lập hồ sơ").dblclick()
    await expect(page).to_have_url(re.compile(r"/dossiers/hs-"), timeout=WAIT)
    dossier_id = page.url.split("/dossiers/")[1].split("?")[0]
    assert await page.locator("h1").inner_text() == "Phường Phương Liệt — Giấy khen"
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        listed = await api.get(
            "/dossiers", params={"round_id": round_id, "q": "phuong liet"}, headers=office(portal)
        )
    assert listed.json()["total"] == 1, "a double click drafts once (the form's key)"

    # A wrong file through the plain form: the page again, the reason beside the file, the kind kept.
    await page.select_option("#kind", "council_minutes")
    await page.set_input_files(
        "#file", files=[{"name": "ghi-chu.txt", "mimeType": "text/plain", "buffer": b"ghi chu"}]
    )
    await page.get_by_role("button", name="Đính kèm").click()
    error = page.locator("#file-error")
    await expect(error).to_have_text(
        "Tệp 'ghi-chu.txt' không phải PDF, DOCX, XLSX, JPG hoặc PNG; chỉ các loại này được đính kèm.",
        timeout=WAIT,
    )
    assert await page.locator("#file").get_attribute("aria-invalid") == "true"
    assert await page.locator("#kind").input_value() == "council_minutes"
    assert (await dossier(portal, dossier_id))["attachments"] == []

    for kind, name, content in (
        ("achievement_report", "bao-cao.pdf", PDF),
        ("council_minutes", "bb.docx", docx()),
    ):
        await page.select_option("#kind", kind)
        await page.set_input_files(
            "#file", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": content}]
        )
        await page.get_by_role("button", name="Đính kèm").dblclick()
        # The address already says ?attached= after the first file: wait for this file's own notice.
        await expect(page.locator(".notice")).to_contain_text(name)
        assert sha256(content) in await page.locator(".notice").inner_text()
    attached = (await dossier(portal, dossier_id))["attachments"]
    assert [a["filename"] for a in attached] == ["bao-cao.pdf", "bb.docx"], "a double click attaches once"
    assert await page.locator("#attachments tbody tr").count() == 2
    await screenshot(page, "dossier-without-javascript")

    await page.get_by_role("button", name="Gửi hồ sơ").dblclick()
    await page.wait_for_load_state()
    await expect(page.locator("#status")).to_have_text(re.compile("^(Đã gửi|Đã tiếp nhận)$"), timeout=WAIT)
    stored = await dossier(portal, dossier_id)
    assert [h["status"] for h in stored["history"]].count("submitted") == 1
    assert await page.locator("#timeline li.step-submitted").count() == 1
