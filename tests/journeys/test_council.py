"""Journey 3 in Chromium: Hoàng Mai's council meets — agenda, attendance, secret ballot, tallies, decision."""

from __future__ import annotations

import asyncio
import io
import uuid
from typing import Any

from docx import Document
from playwright.async_api import Page

from emutrack_kit_testing.helpers import bearer
from emutrack_kit_testing.office import office_tools, pdf_pages
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_council_steps import assert_only_recorded, assert_secret, kept, open_session, vote
from tests.journeys.test_office_data import (
    HOANG_MAI,
    accepted,
    nominate,
    ok,
    open_round,
    register,
    seat_council,
    service,
)

# Wards no other journey's test uses: Lĩnh Nam (an award Hoàng Mai decides), Vĩnh Hưng (the city's).
LINH_NAM, VINH_HUNG = "Phường Lĩnh Nam", "Phường Vĩnh Hưng"
SESSION = "Phiên họp Hội đồng xét khen thưởng năm 2020"
CHAIR, MEMBER, ABSENT = "Nguyễn Đức Thắng", "Phan Thị Lan Hương", "Lý Văn Quyết"


async def nominations(portal: Portal) -> tuple[str, str]:
    """Lĩnh Nam (registered) nominated for Tập thể LĐXS, Vĩnh Hưng for the city's Bằng khen; both accepted."""
    suffix = uuid.uuid4().hex[:6]
    registering = await open_round(portal, "registration", f"Đăng ký thi đua năm 2020 ({suffix})")
    await register(portal, registering, "p-linh-nam")
    annual = await open_round(
        portal, "nomination", f"Khen thưởng tổng kết năm 2020 ({suffix})", award_kind="annual_merit"
    )
    exceptional = await open_round(
        portal, "nomination", f"Khen thưởng đột xuất 2020 ({suffix})", award_kind="exceptional"
    )
    linh_nam, vinh_hung = await asyncio.gather(
        nominate(portal, annual, "p-linh-nam", "tap_the_lao_dong_xuat_sac"),
        nominate(portal, exceptional, "p-vinh-hung", "bang_khen_thanh_pho", "exceptional"),
    )
    await asyncio.gather(accepted(portal, linh_nam), accepted(portal, vinh_hung))
    return linh_nam, vinh_hung


async def click(page: Page, button: str) -> None:
    """Press a button and wait for the page it leads to."""
    await page.get_by_role("button", name=button).click()
    await page.wait_for_load_state()


async def status(page: Page) -> str:
    """The page's message of what was done."""
    return await page.locator("main").get_by_role("status").first.inner_text()


async def test_the_council_meets_votes_in_secret_and_the_chair_decides(
    portal: Portal, signed_in: Any
) -> None:
    (linh_nam, vinh_hung), people = await asyncio.gather(
        nominations(portal),
        asyncio.gather(
            portal.person("standing_office", HOANG_MAI, "Hà Thị Thu Trang"),
            portal.person("council_chair", HOANG_MAI, CHAIR),
            portal.person("council_member", HOANG_MAI, MEMBER),
            portal.person("council_member", HOANG_MAI, ABSENT),
        ),
    )
    office_user, chair_user, member_user, absent_user = people
    council = [(chair_user, CHAIR), (member_user, MEMBER), (absent_user, ABSENT)]
    await seat_council(portal, council, chair_user)
    hidden = [HOANG_MAI, "p-linh-nam", "p-vinh-hung", *people, linh_nam.split("@")[0], "ss-"]

    # The office plans the session: a day that does not exist is refused beside its box, the name kept.
    office = await signed_in(office_user, 1366)
    await office.get_by_role("link", name="Cơ quan thường trực").click()
    await office.get_by_role("link", name="Phiên họp Hội đồng").click()
    await office.wait_for_load_state()
    assert (
        await office.locator("h1").inner_text() == "Phiên họp Hội đồng Thi đua - Khen thưởng Quận Hoàng Mai"
    )
    await office.fill("#name", SESSION)
    await office.fill("#held_on", "31/12/20")
    await click(office, "Lên lịch")
    assert await office.locator("#held_on").get_attribute("aria-invalid") == "true"
    assert await office.locator("#held_on").get_attribute("aria-describedby") == "held_on-error"
    assert "dd/mm/yyyy" in await office.locator("#held_on-error").inner_text()
    assert await office.locator("#name").input_value() == SESSION
    assert await office.get_by_role("link", name=SESSION).count() == 0  # nothing planned
    assert await accessibility_violations(office) == []
    await screenshot(office, "council-plan-refused")
    await office.fill("#held_on", "28/12/2020")
    await click(office, "Lên lịch")
    assert await status(office) == "Đã lên lịch phiên họp."
    assert "ngày họp 28/12/2020" in await office.locator("main").inner_text()
    assert "Chưa họp" in await office.locator("main").inner_text()
    session_url = office.url.split("?")[0]

    # The office puts both accepted nominations on the agenda, from each nomination's page.
    for nomination in (linh_nam, vinh_hung):
        await office.goto(f"{portal.url}/office/nominations/{nomination}")
        await office.select_option("#session_id", label=SESSION)
        await click(office, "Đưa vào chương trình")
        assert await status(office) == "Đã đưa hồ sơ vào chương trình phiên họp."
    await office.goto(f"{portal.url}/council?level={HOANG_MAI}")
    row = await office.locator("tr", has=office.get_by_role("link", name=SESSION)).inner_text()
    assert row.split("\t")[1:] == ["28/12/2020", "Chưa họp", "2"], row
    assert await accessibility_violations(office) == []
    await screenshot(office, "council-sessions")

    # Attendance: the chair and one member present; the third is away (and will vote in writing).
    await office.goto(session_url)
    agenda = await office.locator("table.agenda tbody").inner_text()
    assert f"{LINH_NAM}\tTập thể lao động xuất sắc\t{LINH_NAM}" in agenda  # the proposer: itself
    assert f"{VINH_HUNG}\tBằng khen của Chủ tịch UBND Thành phố\t{VINH_HUNG}" in agenda
    assert "≥ 2/3 số thành viên dự họp" in agenda
    await office.get_by_label(CHAIR).check()
    await office.get_by_label(MEMBER).check()
    await click(office, "Ghi nhận có mặt")
    assert await status(office) == "Đã ghi nhận danh sách có mặt."
    assert "Thành viên có mặt (2/3)" in await office.locator("legend").first.inner_text()
    assert not await office.get_by_label(ABSENT).is_checked()
    await click(office, "Khai mạc, mở bỏ phiếu")
    assert await status(office) == "Đã khai mạc phiên họp: các thành viên bỏ phiếu."
    assert await office.get_by_role("link", name=f"Bỏ phiếu về {LINH_NAM}").count() == 0  # not a member
    assert "Đang bỏ phiếu" in await office.locator("table.agenda").inner_text()
    main = await office.locator("main").inner_text()
    assert [h for h in hidden if h in main] == []  # names, never ids
    assert await accessibility_violations(office) == []
    await screenshot(office, "council-session-open")

    # Each member votes in the browser; nothing of the choice is kept or shown.
    chair, member, away = await asyncio.gather(
        signed_in(chair_user, 1366), signed_in(member_user, 360), signed_in(absent_user, 1366)
    )
    await open_session(member, SESSION)
    before = await kept(member)
    await member.get_by_role("link", name=f"Bỏ phiếu về {LINH_NAM}").click()
    await member.wait_for_load_state()
    assert await member.locator("h1").inner_text() == "Phiếu bầu kín"
    assert "Bạn bỏ phiếu tại phiên họp" in await member.locator(".ballot").inner_text()
    assert await accessibility_violations(member) == []  # at 360 px
    await screenshot(member, "council-ballot-360")
    await member.go_back()
    traffic = await vote(member, LINH_NAM, "Đồng ý")
    assert_secret(traffic, "Đồng ý")
    await assert_only_recorded(member)
    assert await kept(member) == before == {**before, "local": {}, "session": {}}
    assert set(before["portal_session"]) <= {"sid", "csrf"}  # the signed-in session only
    assert await accessibility_violations(member) == []
    await screenshot(member, "council-ballot-recorded")

    # Back in the history, the ballot is fetched again, empty; a second vote is not counted.
    await member.go_back()
    assert await member.locator("h1").inner_text() == "Phiếu bầu kín"
    assert await member.locator("input[name=choice]:checked").count() == 0
    await member.get_by_role("radio", name="Không đồng ý", exact=True).check()
    await click(member, "Gửi phiếu")
    await assert_only_recorded(member)
    await member.get_by_role("link", name="Quay lại phiên họp").click()
    await member.wait_for_load_state()
    assert_secret(await vote(member, VINH_HUNG, "Không biểu quyết"), "Không biểu quyết")

    await open_session(chair, SESSION)
    for subject in (LINH_NAM, VINH_HUNG):
        assert_secret(await vote(chair, subject, "Đồng ý"), "Đồng ý")
        await chair.get_by_role("link", name="Quay lại phiên họp").click()
        await chair.wait_for_load_state()

    await open_session(away, SESSION)
    assert "phiếu của bạn được ghi là phiếu bằng văn bản" in await away.locator("main").inner_text()
    await away.get_by_role("link", name=f"Bỏ phiếu về {LINH_NAM}").click()
    await away.wait_for_load_state()
    assert "bỏ phiếu bằng văn bản (vắng mặt)" in await away.locator(".ballot").inner_text()
    assert await accessibility_violations(away) == []
    await screenshot(away, "council-ballot")
    await away.go_back()
    assert_secret(await vote(away, LINH_NAM, "Đồng ý", double=True), "Đồng ý")  # a double click
    await away.get_by_role("link", name="Quay lại phiên họp").click()
    await away.wait_for_load_state()
    assert_secret(await vote(away, VINH_HUNG, "Đồng ý"), "Đồng ý")

    # The chair closes: only the tallies are published, each vote counted once.
    await chair.goto(session_url)
    await click(chair, "Bế mạc, kiểm phiếu")
    assert await status(chair) == "Đã bế mạc phiên họp và công bố kết quả kiểm phiếu."
    rows = chair.locator("table.agenda tbody tr")
    linh_nam_row = await rows.filter(has_text=LINH_NAM).inner_text()
    vinh_hung_row = await rows.filter(has_text=VINH_HUNG).inner_text()
    assert "Thông qua" in linh_nam_row
    assert (
        "Đồng ý 3, không đồng ý 0, không biểu quyết 0; 3 phiếu (1 bằng văn bản) trên 3 thành viên, 2 có mặt."
        in linh_nam_row
    ), linh_nam_row
    assert "Đồng ý 3/3" in linh_nam_row
    assert (
        "Đồng ý 2, không đồng ý 0, không biểu quyết 1; 3 phiếu (1 bằng văn bản) trên 3 thành viên, 2 có mặt."
        in vinh_hung_row
    ), vinh_hung_row  # the member's second try ("không đồng ý") was not counted
    assert "Thông qua" in vinh_hung_row
    members = await chair.locator("ul.members").inner_text()
    assert f"{CHAIR} (Chủ tịch Hội đồng) — có mặt" in members
    assert f"{ABSENT} — vắng mặt" in members
    main = await chair.locator("main").inner_text()
    assert [h for h in hidden if h in main] == []
    assert await accessibility_violations(chair) == []
    await screenshot(chair, "council-tally")

    # The chair signs Hoàng Mai's decision; the city's Bằng khen is refused, to be sent up.
    city_award = chair.locator("form.decision", has_text="Bằng khen của Chủ tịch UBND Thành phố")
    await city_award.get_by_label("Số quyết định").fill("16/QĐ-UBND")
    await city_award.get_by_label("Ngày ký (dd/mm/yyyy)").fill("30/12/2020")
    await city_award.get_by_role("button", name="Ký ban hành quyết định").click()
    await chair.wait_for_load_state()
    city_award = chair.locator("form.decision", has_text="Bằng khen của Chủ tịch UBND Thành phố")
    assert (
        "không thuộc thẩm quyền của Quận Hoàng Mai" in await city_award.locator(".field-error").inner_text()
    )
    assert await city_award.get_by_label("Số quyết định").input_value() == "16/QĐ-UBND"
    ours = chair.locator("form.decision", has_text="Tập thể lao động xuất sắc")
    await ours.get_by_label("Ngày ký (dd/mm/yyyy)").fill("30/12/2020")
    await ours.get_by_role("button", name="Ký ban hành quyết định").click()
    await chair.wait_for_load_state()
    ours = chair.locator("form.decision", has_text="Tập thể lao động xuất sắc")
    number = ours.get_by_label("Số quyết định")
    assert await number.get_attribute("aria-invalid") == "true"
    assert (
        "Cần số quyết định"
        in await chair.locator(f"#{await number.get_attribute('aria-describedby')}").inner_text()
    )
    assert await ours.get_by_label("Ngày ký (dd/mm/yyyy)").input_value() == "30/12/2020"
    await screenshot(chair, "council-decision-refused")
    await number.fill("15/QĐ-UBND")
    await ours.get_by_role("button", name="Ký ban hành quyết định").dblclick()
    await chair.wait_for_load_state()
    assert await status(chair) == "Đã ban hành quyết định khen thưởng."
    linh_nam_row = await chair.locator("table.agenda tbody tr").filter(has_text=LINH_NAM).inner_text()
    assert "Hiện tại: Đã có quyết định" in linh_nam_row
    assert await chair.locator("form.decision", has_text="Tập thể lao động xuất sắc").count() == 0
    assert await accessibility_violations(chair) == []
    await screenshot(chair, "council-decided")
    async with service(portal, "review") as review:
        decided = ok(
            await review.get(f"/nominations/{linh_nam}", headers=bearer(portal.token("viewer", HOANG_MAI)))
        )
    assert [h["status"] for h in decided["history"]].count("decided") == 1  # the double click decided once

    # The decision and the submission, as papers made from the data (issue 18.4).
    row = chair.locator("table.agenda tbody tr").filter(has_text=LINH_NAM)
    async with chair.expect_download() as downloading:
        await row.get_by_role("link", name="Quyết định (.docx)").click()
    paper = Document(io.BytesIO((await (await downloading.value).path()).read_bytes()))
    assert "Số: 15/QĐ-UBND" in "\n".join(c.text for t in paper.tables for r in t.rows for c in r.cells)
    assert "QUYẾT ĐỊNH" in [p.text for p in paper.paragraphs]
    assert LINH_NAM in [c.text for t in paper.tables for r in t.rows for c in r.cells]
    async with chair.expect_download() as downloading:
        await row.get_by_role("link", name="Tờ trình (.docx)").click()
    submission = Document(io.BytesIO((await (await downloading.value).path()).read_bytes()))
    assert "TỜ TRÌNH" in [p.text for p in submission.paragraphs]
    office_tools()  # and as PDF, laid out by LibreOffice (issue 18.8)
    async with chair.expect_download() as downloading:
        await row.get_by_role("link", name=f"PDF quyết định khen thưởng {LINH_NAM}").click()
    download = await downloading.value
    assert download.suggested_filename == "quyet-dinh.pdf"
    pages = pdf_pages((await download.path()).read_bytes())
    assert "Số: 15/QĐ-UBND" in pages[0]
    assert LINH_NAM in pages[-1]

    # The office sends Vĩnh Hưng's Bằng khen up to the city, from the session's page.
    await office.goto(session_url)
    await office.get_by_role("link", name=f"{VINH_HUNG} — Bằng khen của Chủ tịch UBND Thành phố").click()
    await office.wait_for_load_state()
    await click(office, "Trình cấp trên")
    assert await status(office) == "Đã trình hồ sơ lên cấp trên."
    await office.goto(session_url)
    vinh_hung_row = await office.locator("table.agenda tbody tr").filter(has_text=VINH_HUNG).inner_text()
    assert "Hiện tại: Đã trình cấp trên" in vinh_hung_row
    assert await office.locator("#decisions").count() == 0  # nothing left to decide here
