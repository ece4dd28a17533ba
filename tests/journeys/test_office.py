"""Journey 2 in Chromium: Hoàng Mai's standing office works its inbox, its rounds, and sends dossiers up."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from playwright.async_api import Page, expect

from emutrack_kit.clock import HANOI
from emutrack_kit_testing.helpers import eventually
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_office_data import (
    HOANG_MAI,
    accepted,
    heard_everywhere,
    inbox_subjects,
    nominate,
    open_round,
    register,
    seat_council,
    voted,
)

RETURN_REASON = "Phường chưa đăng ký thi đua năm 2020: đề nghị bổ sung bản đăng ký đã gửi quận"


async def rows(page: Page) -> list[str]:
    """The inbox's rows, as read."""
    return [await r.inner_text() for r in await page.locator("table.inbox tbody tr").all()]


async def filter_by(page: Page, **choices: str) -> None:
    """Choose filters by their labels, then filter."""
    for box, label in choices.items():
        await page.select_option(f"#{box}", label=label)
    await page.get_by_role("button", name="Lọc", exact=True).click()
    await page.wait_for_load_state()


async def test_the_district_office_filters_appraises_returns_and_accepts(
    portal: Portal, signed_in: Any
) -> None:
    registering = await open_round(portal, "registration", "Đăng ký thi đua năm 2020")
    await register(portal, registering, "p-dai-kim")
    round_id = await open_round(
        portal, "nomination", "Khen thưởng tổng kết năm 2020", award_kind="annual_merit"
    )
    dai_kim, dinh_cong, _ = await asyncio.gather(
        nominate(portal, round_id, "p-dai-kim", "tap_the_lao_dong_xuat_sac"),
        nominate(portal, round_id, "p-dinh-cong", "tap_the_lao_dong_xuat_sac"),
        nominate(portal, round_id, "p-hoang-liet", "bang_khen_thanh_pho"),
    )

    page = await signed_in(await portal.person("standing_office", HOANG_MAI, "Phạm Thị Hồng Nhung"))
    await page.get_by_role("link", name="Cơ quan thường trực").click()
    assert "Quận Hoàng Mai" in await page.locator("main").inner_text()
    await page.get_by_role("link", name="Hồ sơ đề nghị khen thưởng gửi đến").click()
    await page.wait_for_load_state()
    assert await page.locator("h1").inner_text() == "Hồ sơ đề nghị khen thưởng gửi đến Quận Hoàng Mai"
    # Other journeys' nominations reach Hoàng Mai too: this test reads its own round.
    await page.goto(f"{portal.url}/office/nominations?level={HOANG_MAI}&round_id={round_id}")
    listed = await rows(page)
    assert len(listed) == 3
    assert any("Phường Đại Kim" in r and "Tập thể lao động xuất sắc" in r for r in listed)
    body = await page.locator("main").inner_text()
    assert "p-dai-kim" not in body  # names, never ids
    assert "q-hoang-mai" not in body
    assert await accessibility_violations(page) == []
    await screenshot(page, "office-inbox")

    # Search without accents, then each filter: what it keeps is named.
    await page.fill("#q", "dai kim")
    await filter_by(page)
    assert [r.split("\t")[0] for r in await rows(page)] == ["Phường Đại Kim"]
    await page.fill("#q", "")
    await filter_by(page, unit_id="Phường Định Công")
    assert [r.split("\t")[0] for r in await rows(page)] == ["Phường Định Công"]
    await filter_by(page, unit_id="Tất cả đơn vị", award_code="Bằng khen của Chủ tịch UBND Thành phố")
    assert [r.split("\t")[0] for r in await rows(page)] == ["Phường Hoàng Liệt"]
    assert await page.locator("#award_code").input_value() == "bang_khen_thanh_pho"  # the filter is kept
    await filter_by(page, award_code="Tất cả hình thức", status="Đã tiếp nhận")
    assert len(await rows(page)) == 3

    # Two at a time: the next page holds the third.
    await page.goto(f"{portal.url}/office/nominations?level={HOANG_MAI}&round_id={round_id}&limit=2")
    assert len(await rows(page)) == 2
    await page.get_by_role("link", name="Trang sau »").click()
    await page.wait_for_load_state()
    assert len(await rows(page)) == 1
    assert "Từ 3 đến 3 trong 3" in await page.locator("nav.pages").inner_text()

    # Định Công did not register: the rules refuse to appraise; the office returns it with reasons.
    await page.goto(f"{portal.url}/office/nominations?level={HOANG_MAI}&unit_id=p-dinh-cong")
    await page.get_by_role("link", name="Phường Định Công").click()
    await page.wait_for_load_state()
    await page.get_by_role("button", name="Thẩm định theo bộ quy tắc").click()
    await page.wait_for_load_state()
    assert "không đăng ký thi đua năm 2020" in await page.get_by_role("alert").inner_text()
    await page.get_by_role("button", name="Trả lại hồ sơ").click()
    await page.wait_for_load_state()
    reasons = page.locator("#reasons")
    assert await reasons.get_attribute("aria-invalid") == "true"
    assert "ít nhất một lý do" in await page.locator("#reasons-error").inner_text()
    await reasons.fill("Sai")
    await page.get_by_role("button", name="Trả lại hồ sơ").click()
    await page.wait_for_load_state()
    assert "ít nhất 5 ký tự" in await page.locator("#reasons-error").inner_text()
    assert await page.locator("#reasons").input_value() == "Sai"  # what was typed is kept
    assert "Đã tiếp nhận" in await page.locator("dl.facts").inner_text()  # nothing changed
    await screenshot(page, "office-return-refused")
    await page.fill("#reasons", RETURN_REASON)
    await page.get_by_role("button", name="Trả lại hồ sơ").click()
    await page.wait_for_load_state()
    assert "Đã trả lại hồ sơ cho đơn vị" in await page.get_by_role("status").first.inner_text()
    assert "Trả lại để bổ sung" in await page.locator("dl.facts").inner_text()
    assert RETURN_REASON in await page.locator(".timeline").inner_text()
    assert dinh_cong.split("@")[0] not in await page.locator("main").inner_text()
    await screenshot(page, "office-returned")

    # Đại Kim: each rule's verdict, facts and legal basis; accepting needs a reason where they cannot tell.
    await page.goto(f"{portal.url}/office/nominations/{dai_kim}")
    await page.get_by_role("button", name="Thẩm định theo bộ quy tắc").click()
    await page.wait_for_load_state()
    assert "Đã thẩm định hồ sơ" in await page.get_by_role("status").first.inner_text()
    rules = page.locator("table.rules")
    assert await rules.locator("tbody tr").count() == 5
    assert "Luật Thi đua, khen thưởng 06/2022/QH15" in await page.locator(".basis").inner_text()
    first_rule = await rules.locator("tbody tr").first.inner_text()
    assert "Tập thể lao động tiên tiến" in first_rule
    assert "Điều 27" in first_rule
    verdict = await page.locator(".verdict").inner_text()
    assert "Chưa đủ dữ liệu để kết luận" in verdict, verdict
    assert await accessibility_violations(page) == []
    await screenshot(page, "office-appraisal")
    await page.get_by_role("button", name="Chấp nhận, trình Hội đồng").click()
    await page.wait_for_load_state()
    assert await page.locator("#override_reason").get_attribute("aria-invalid") == "true"
    assert "cần ghi rõ căn cứ" in await page.locator("#override_reason-error").inner_text()
    await page.fill("#override_reason", "Đã đối chiếu bản gốc quyết định công nhận tại phường")
    await page.get_by_role("button", name="Chấp nhận, trình Hội đồng").click()
    await page.wait_for_load_state()
    assert "Đã chấp nhận hồ sơ" in await page.get_by_role("status").first.inner_text()
    assert "Đã thẩm định" in await page.locator("dl.facts").inner_text()
    assert "Đã đối chiếu bản gốc" in await page.locator(".timeline").inner_text()


async def test_the_office_sees_who_is_late_reminds_them_and_accepts_a_late_registration(
    portal: Portal, signed_in: Any
) -> None:
    open_now = await open_round(portal, "registration", "Đăng ký thi đua năm 2020 (đang mở)")
    closed = await open_round(portal, "registration", "Đăng ký thi đua năm 2020 (đã hết hạn)", "2020-02-05")
    await register(portal, open_now, "p-tan-mai")
    await asyncio.gather(heard_everywhere(portal, open_now, 1), heard_everywhere(portal, closed, 0))
    before = await inbox_subjects(portal, "unit_officer", "p-giap-bat")

    page = await signed_in(await portal.person("standing_office", HOANG_MAI, "Đỗ Minh Tuấn"))
    await page.goto(f"{portal.url}/office")
    await page.get_by_role("link", name="Các đợt và đơn vị chưa gửi").click()
    await page.wait_for_load_state()
    await page.get_by_role("link", name="Đăng ký thi đua năm 2020 (đang mở)").click()
    await page.wait_for_load_state()
    coverage = await page.locator("#coverage ~ p").first.inner_text()
    assert "1/14 đơn vị gửi đúng hạn (7,1%)" in coverage, coverage
    missing = await page.locator("ul[aria-labelledby=missing-title]").inner_text()
    assert "Phường Giáp Bát" in missing
    assert "Phường Yên Sở" in missing
    assert "Phường Tân Mai" not in missing  # it registered
    assert "p-giap-bat" not in await page.locator("main").inner_text()
    assert await accessibility_violations(page) == []
    await screenshot(page, "office-coverage")

    await page.get_by_role("button", name="Nhắc ngay tất cả 13 đơn vị chưa gửi").click()
    await expect(page.get_by_role("status").first).to_contain_text("Đã gửi nhắc nhở tới 13 đơn vị chưa gửi.")
    reminded = await inbox_subjects(portal, "unit_officer", "p-giap-bat")
    name = await page.locator("h1").inner_text()
    assert [s for s in reminded if s not in before] == [f"Còn {_days_to_2099()} ngày: {name}"]

    # One ward, with a double click: reminded once.
    await page.get_by_role("button", name="Nhắc Phường Giáp Bát ngay").dblclick()
    await expect(page.get_by_role("status").first).to_contain_text("Đã gửi nhắc nhở tới 1 đơn vị chưa gửi.")
    assert len(await inbox_subjects(portal, "unit_officer", "p-giap-bat")) == len(reminded) + 1
    assert len(await inbox_subjects(portal, "unit_officer", "p-yen-so")) == 1  # not this time

    # The closed round: the office receives Giáp Bát's registration late, with a reason.
    await page.goto(f"{portal.url}/office/rounds/{closed}?level={HOANG_MAI}")
    await page.get_by_role("button", name="Tiếp nhận muộn").click()
    await page.wait_for_load_state()
    assert await page.locator("#unit_id").get_attribute("aria-invalid") == "true"
    assert "Hãy chọn đơn vị" in await page.locator("#unit_id-error").inner_text()
    await page.select_option("#unit_id", label="Phường Giáp Bát")
    await page.select_option("#title_code", label="Tập thể lao động tiên tiến")
    await page.fill("#reason", "Gấp")
    await page.get_by_role("button", name="Tiếp nhận muộn").click()
    await page.wait_for_load_state()
    assert "lý do tiếp nhận muộn" in await page.locator("#reason-error").inner_text()
    assert await page.locator("#unit_id").input_value() == "p-giap-bat"  # the choices are kept
    assert await page.locator("#title_code").input_value() == "tap_the_lao_dong_tien_tien"
    assert await page.locator("#reason").input_value() == "Gấp"
    await screenshot(page, "office-late-refused")
    await page.fill("#reason", LATE_REASON)
    await page.get_by_role("button", name="Tiếp nhận muộn").click()
    await page.wait_for_load_state()
    assert (
        "Đã tiếp nhận muộn đăng ký của Phường Giáp Bát."
        in await page.get_by_role("status").first.inner_text()
    )
    late_row = await page.locator("tr", has_text=LATE_REASON).inner_text()
    assert "Phường Giáp Bát" in late_row
    assert "Tập thể lao động tiên tiến" in late_row

    async def late_units() -> str:
        await page.reload()
        return (
            await page.locator("ul[aria-labelledby=late-title]")
            .or_(page.locator("#late-title + p"))
            .inner_text()
        )

    await eventually(late_units, lambda text: "Phường Giáp Bát" in text)
    assert "Phường Giáp Bát" not in await page.locator("ul[aria-labelledby=missing-title]").inner_text()
    await screenshot(page, "office-late-accepted")


LATE_REASON = "Phường gửi công văn giải trình số 12/UBND ngày 06/02/2020 (cán bộ thi đua nghỉ ốm)"


def _days_to_2099() -> int:
    return (date(2099, 12, 31) - datetime.now(HANOI).date()).days


async def test_a_voted_nomination_is_published_for_comment_and_another_sent_to_the_city(
    portal: Portal, signed_in: Any
) -> None:
    round_id = await open_round(portal, "nomination", "Khen thưởng đột xuất 2020", award_kind="exceptional")
    hoang_liet, citizen = await asyncio.gather(
        nominate(portal, round_id, "p-hoang-liet", "bang_khen_thanh_pho", "exceptional"),
        nominate(portal, round_id, "p-tan-mai", "cong_dan_thu_do_uu_tu", "exceptional", "Nguyễn Thị Thịnh"),
    )
    await asyncio.gather(accepted(portal, hoang_liet), accepted(portal, citizen))
    council = [("hm-chu-tich", "Trần Quang Huy"), ("hm-uy-vien-1", "Lê Thị Mai"), ("hm-uy-vien-2", "Vũ Hà")]
    await seat_council(portal, council, "hm-chu-tich")
    await voted(portal, [hoang_liet, citizen], "hm-chu-tich", ["hm-uy-vien-1", "hm-uy-vien-2"])

    page = await signed_in(await portal.person("standing_office", HOANG_MAI, "Ngô Thu Trang"))
    await page.goto(f"{portal.url}/office/nominations?level={HOANG_MAI}")
    await filter_by(page, status="Đã bỏ phiếu")
    assert sorted(r.split("\t")[0] for r in await rows(page)) == ["Nguyễn Thị Thịnh", "Phường Hoàng Liệt"]
    await page.get_by_role("link", name="Nguyễn Thị Thịnh").click()
    await page.wait_for_load_state()
    assert "Đồng ý 3/3" in await page.locator("#tally ~ p").first.inner_text()

    # A day that does not exist is refused beside its box; the channel typed is kept.
    await page.fill("#published_on", "31/02/2020")
    await page.fill("#channel", "Cổng thông tin điện tử quận Hoàng Mai")
    await page.get_by_role("button", name="Công bố").click()
    await page.wait_for_load_state()
    assert await page.locator("#published_on").get_attribute("aria-invalid") == "true"
    assert "dd/mm/yyyy" in await page.locator("#published_on-error").inner_text()
    assert await page.locator("#channel").input_value() == "Cổng thông tin điện tử quận Hoàng Mai"
    assert await page.locator("#comment-done").count() == 0  # nothing published
    await page.fill("#published_on", "14/12/2020")
    await page.get_by_role("button", name="Công bố").click()
    await page.wait_for_load_state()
    assert "Đã công bố lấy ý kiến nhân dân." in await page.get_by_role("status").first.inner_text()
    period = await page.locator("#comment-done + p").inner_text()
    assert period == (
        "Công bố trên Cổng thông tin điện tử quận Hoàng Mai từ ngày 14/12/2020, 7 ngày làm việc, "
        "đến hết ngày 23/12/2020."
    )
    await screenshot(page, "office-public-comment")

    # Hoàng Liệt's Bằng khen is the city's to decide: sent up (a double click sends it once).
    await page.goto(f"{portal.url}/office/nominations/{hoang_liet}")
    await page.get_by_role("button", name="Trình cấp trên").dblclick()
    await page.wait_for_load_state()
    assert "Đã trình hồ sơ lên cấp trên." in await page.get_by_role("status").first.inner_text()
    assert "Đã trình cấp trên" in await page.locator("dl.facts").inner_text()
    steps = await page.locator(".timeline > li").all_inner_texts()
    assert [s for s in steps if s.startswith("Đã trình cấp trên")] != []
    assert len([s for s in steps if s.startswith("Đã trình cấp trên")]) == 1
    assert "Trình Thành phố Hà Nội" in steps[-1]
    assert await accessibility_violations(page) == []

    city = await signed_in(await portal.person("standing_office", "ha-noi", "Bùi Thanh Hà"))
    await city.goto(f"{portal.url}/office")
    await (
        city.locator(".card", has_text="Thành phố Hà Nội")
        .get_by_role("link", name="Hồ sơ đề nghị khen thưởng gửi đến")
        .click()
    )
    await city.wait_for_load_state()
    await city.fill("#q", "hoang liet")
    await filter_by(city)
    [row] = await rows(city)
    assert "Bằng khen của Chủ tịch UBND Thành phố" in row
    assert "Đã tiếp nhận" in row
    await screenshot(city, "office-city-inbox")
    await city.get_by_role("link", name="Phường Hoàng Liệt").click()
    await city.wait_for_load_state()
    assert "Cấp tiếp nhận\nThành phố Hà Nội" in await city.locator("dl.facts").inner_text()
    assert "Trình từ Quận Hoàng Mai" in await city.locator(".timeline").inner_text()
    assert await accessibility_violations(city) == []
