"""Journey 5: leaders read their subtree's numbers — drill-down, charts, targets, as of a month, downloads.

The facts are fed through the services' APIs: Hoàn Kiếm's standing office opens a 2024 registration
round, three of its eighteen wards register, reporting counts them. Other tests work in other
districts at the same time, so the assertions read Hoàn Kiếm's subtree only.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import httpx
import openpyxl
import pytest

from emutrack_kit.clock import HANOI
from emutrack_kit_testing.helpers import bearer, eventually
from emutrack_kit_testing.office import office_tools, pdf_pages
from tests.journeys.conftest import Portal, accessibility_violations, screenshot

DISTRICT, YEAR = "q-hoan-kiem", 2024
REGISTERED = {
    "p-hang-bac": "tap_the_lao_dong_tien_tien",
    "p-hang-dao": "tap_the_lao_dong_xuat_sac",
    "p-trang-tien": "tap_the_lao_dong_tien_tien",
}


async def _counts(portal: Portal) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=portal.slice.url("reporting-http"), timeout=20) as http:
        response = await http.get(
            f"/units/{DISTRICT}/counts",
            params={"period": YEAR},
            headers=bearer(portal.token("viewer", DISTRICT)),
        )
    return dict(response.json()) if response.status_code == 200 else {"registrations_total": 0}


@pytest.fixture(scope="module")
async def hoan_kiem(portal: Portal) -> str:
    """Hoàn Kiếm's 2024 registration round, three wards registered in it, counted by reporting."""
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as http:
        body = {
            "receiving_unit_id": DISTRICT, "name": "Đăng ký thi đua năm 2024 - quận Hoàn Kiếm",
            "kind": "registration", "year": YEAR, "opened_on": "2024-01-02", "deadline": "2099-12-31",
        }  # fmt: skip
        opened = await http.post(
            "/rounds", json=body, headers=bearer(portal.token("standing_office", DISTRICT))
        )
        assert opened.status_code == 201, opened.text
        round_id = opened.json()["round_id"]
        for ward, title in REGISTERED.items():
            sent = await http.post(
                f"/rounds/{round_id}/registrations",
                json={"unit_id": ward, "title_code": title},
                headers=bearer(portal.token("unit_officer", ward)),
            )
            assert sent.status_code == 201, sent.text
    await eventually(lambda: _counts(portal), lambda c: c["registrations_total"] == len(REGISTERED))
    return str(round_id)


def months() -> tuple[str, str]:
    """This Hà Nội month and the one before, as mm/yyyy (the registrations were counted this month)."""
    now = datetime.now(UTC).astimezone(HANOI)
    before = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    return f"{now.month:02d}/{now.year}", f"{before[1]:02d}/{before[0]}"


async def figure(page: Any, field: str) -> str:
    return str(await page.locator(f"#fig-{field}").inner_text())


async def test_a_district_leader_reads_drills_down_and_goes_back_up(
    portal: Portal, signed_in: Any, hoan_kiem: str
) -> None:
    page = await signed_in(await portal.person("viewer", DISTRICT, "Trần Thị Bích Ngọc"))
    await page.get_by_role("link", name="Số liệu, báo cáo").click()
    await page.wait_for_url(f"{portal.url}/dashboard/{DISTRICT}")
    assert "Chưa có số liệu nào của năm" in await page.locator("main").inner_text()  # this year: nothing yet
    await page.select_option("#period", str(YEAR))
    await page.get_by_role("button", name="Xem số liệu").click()
    await page.wait_for_selector("#fig-registrations_total")
    assert await figure(page, "registrations_total") == "3"
    table = await page.locator("#registrations-table").inner_text()
    assert "Tập thể lao động tiên tiến\t2" in table
    assert "Tập thể lao động xuất sắc\t1" in table
    chart = page.locator("img[src*='registrations-by-title']")
    drawn = await page.request.get(f"{portal.url}{await chart.get_attribute('src')}")
    assert drawn.ok, await drawn.text()
    assert drawn.headers["content-type"].startswith("image/svg+xml")
    await page.wait_for_load_state("load")
    assert await chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "Quận Hoàn Kiếm" in (await chart.get_attribute("alt") or "")
    coverage = page.locator("tr[data-code='REGISTRATION_COVERAGE']")
    assert "Chưa đạt" in await coverage.inner_text()
    short = await coverage.locator(".short").inner_text()
    assert "Phường Hàng Bông" in short
    assert "Phường Hàng Bạc" not in short
    assert await accessibility_violations(page) == []
    await screenshot(page, "dashboard-district")

    now, before = months()
    await page.fill("#as_of", before)
    await page.get_by_role("button", name="Xem số liệu").click()
    await page.wait_for_selector(f"text=Số liệu tính đến hết tháng {before}")
    assert await figure(page, "registrations_total") == "0"
    await page.fill("#as_of", now)
    await page.get_by_role("button", name="Xem số liệu").click()
    await page.wait_for_selector(f"text=Số liệu tính đến hết tháng {now}")
    assert await figure(page, "registrations_total") == "3"
    await page.fill("#as_of", "13/2024")
    await page.get_by_role("button", name="Xem số liệu").click()
    error = page.locator("#as_of-error")
    await error.wait_for()
    assert "Tháng không hợp lệ" in await error.inner_text()
    assert await page.locator("#as_of").input_value() == "13/2024"
    assert await page.locator("#as_of").get_attribute("aria-invalid") == "true"
    assert await figure(page, "registrations_total") == "3"  # the whole year, nothing else changed

    await page.fill("#q", "hang b")  # without accents: Hàng Bạc, Hàng Bài, Hàng Bồ, Hàng Bông, Hàng Buồm
    await page.get_by_role("button", name="Tìm").click()
    rows = page.locator("table.children tbody tr")
    await page.wait_for_selector("text=5 đơn vị khớp với")
    assert await rows.count() == 5
    assert "Phường Tràng Tiền" not in await page.locator("table.children").inner_text()
    await page.locator("table.children").get_by_role("link", name="Phường Hàng Bạc").click()
    await page.wait_for_url(f"{portal.url}/dashboard/p-hang-bac**")
    crumbs = page.locator("nav.crumbs")
    assert await crumbs.locator("a").all_inner_texts() == ["Quận Hoàn Kiếm"]  # the city is not theirs to read
    assert await crumbs.locator("[aria-current=page]").inner_text() == "Phường Hàng Bạc"
    assert await figure(page, "registrations_total") == "1"
    assert "Đơn vị không có đơn vị trực thuộc." in await page.locator("main").inner_text()
    assert await accessibility_violations(page) == []
    await screenshot(page, "dashboard-ward")
    await page.locator("nav.crumbs").get_by_role("link", name="Quận Hoàn Kiếm").click()
    await page.wait_for_selector("#fig-registrations_total")
    assert await figure(page, "registrations_total") == "3"
    assert await page.locator("#period").input_value() == str(YEAR)


async def test_a_district_leader_downloads_the_reports_and_lists(
    portal: Portal, signed_in: Any, hoan_kiem: str
) -> None:
    page = await signed_in(await portal.person("standing_office", DISTRICT, "Hoàng Văn Thắng"))
    await page.goto(f"{portal.url}/dashboard/{DISTRICT}?period={YEAR}")
    files = {
        "Báo cáo tổng kết năm 2024 (Word)": "bao-cao-tong-ket-q-hoan-kiem-2024.docx",
        "Danh sách đăng ký danh hiệu tập thể năm 2024 (Excel)": "dang-ky-tap-the.xlsx",
        "Danh sách hồ sơ đề nghị khen thưởng năm 2024 (Excel)": "ho-so-de-nghi-khen-thuong.xlsx",
        "Danh sách khen thưởng năm 2024 (Excel)": "khen-thuong-q-hoan-kiem-2024.xlsx",
    }
    saved: dict[str, bytes] = {}
    for link, filename in files.items():
        async with page.expect_download() as started:
            await page.get_by_role("link", name=link).click()
        download = await started.value
        assert download.suggested_filename == filename
        saved[filename] = (await download.path()).read_bytes()
        assert saved[filename][:2] == b"PK"  # a zip: DOCX and XLSX both are
    sheet = openpyxl.load_workbook(io.BytesIO(saved["dang-ky-tap-the.xlsx"])).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert {"Phường Hàng Bạc", "Phường Hàng Đào", "Phường Tràng Tiền"} <= set(cells)

    await page.select_option("#from", "2020")
    async with page.expect_download() as started:
        await page.get_by_role("button", name="Tải báo cáo 05 năm (Word)").click()
    assert (await started.value).suggested_filename == "bao-cao-tong-ket-05-nam-q-hoan-kiem-2020-2024.docx"
    office_tools()  # the PDF is laid out by LibreOffice (issue 18.8)
    async with page.expect_download() as started:
        await page.get_by_role("button", name="Tải báo cáo 05 năm (PDF)").click()
    download = await started.value
    assert download.suggested_filename == "bao-cao-tong-ket-05-nam-q-hoan-kiem-2020-2024.pdf"
    pages = pdf_pages((await download.path()).read_bytes())
    assert "BÁO CÁO" in pages[0]
    assert "UBND THÀNH PHỐ HÀ NỘI" in pages[0]

    # The Ministry's statistics forms (issue 18.6): the district launched a movement in 2024; the forms
    # of 2024 show it on 0601 and sum the district's awards on 0605 as reporting counts them.
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as http:
        movement = {
            "launching_unit_id": DISTRICT, "name": "Thi đua chuyển đổi số năm 2024", "kind": "thematic",
            "theme": "Chuyển đổi số", "criteria": ["Hồ sơ trực tuyến"], "starts_on": "2024-03-01",
            "ends_on": "2024-11-30",
        }  # fmt: skip
        launched = await http.post(
            "/movements", json=movement, headers=bearer(portal.token("standing_office", DISTRICT))
        )
        assert launched.status_code == 201, launched.text
    counted = await eventually(lambda: _counts(portal), lambda c: c.get("movements_total") == 1)
    await page.select_option("#stats-from", str(YEAR))
    await page.select_option("#stats-to", str(YEAR))
    async with page.expect_download() as started:
        await page.get_by_role("button", name="Tải biểu thống kê (Excel)").click()
    download = await started.value
    assert download.suggested_filename == f"thong-ke-tdkt-{DISTRICT}-{YEAR}-{YEAR}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO((await download.path()).read_bytes()))
    assert book.sheetnames == ["0601", "0602", "0603", "0604", "0605"]
    assert book["0601"]["A3"].value == "Đơn vị báo cáo: Quận Hoàn Kiếm (kể cả các đơn vị trực thuộc)"
    rows = {r[1]: r[2:] for r in book["0601"].iter_rows(min_row=8, values_only=True)}
    assert rows["Cấp quận, huyện"] == (1, 0, 0, 1)
    totals = {r[1]: r[2:] for r in book["0605"].iter_rows(min_row=8, values_only=True)}
    assert totals["Tổng số"][0] == counted["awards_total"]
    async with page.expect_download() as started:
        await page.get_by_role("button", name="Tải biểu thống kê (PDF)").click()
    pages = pdf_pages((await (await started.value).path()).read_bytes())
    assert len(pages) == 5
    assert "SỐ PHONG TRÀO THI ĐUA ĐƯỢC PHÁT ĐỘNG" in pages[0]

    # A year reporting has nothing of: the page says so instead of a file.
    await page.goto(f"{portal.url}/dashboard/{DISTRICT}/downloads/annual.docx?period=2016")
    assert "Chưa có số liệu" in await page.locator("[role=alert]").inner_text()
    assert await accessibility_violations(page) == []


async def test_the_city_leader_reads_on_a_phone_down_to_hoan_kiem(
    portal: Portal, signed_in: Any, hoan_kiem: str
) -> None:
    page = await signed_in(await portal.person("viewer", "ha-noi", "Đinh Tiến Dũng"), 360)
    await page.goto(f"{portal.url}/dashboard/ha-noi?period={YEAR}")
    overflow = await page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    assert await accessibility_violations(page) == []
    await screenshot(page, "dashboard-city-360")
    district = page.locator("table.children tbody tr", has_text="Quận Hoàn Kiếm")
    cell = district.locator("td[data-label='Đăng ký danh hiệu tập thể']")
    assert await cell.inner_text() == "3"
    shown = await cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert shown == '"Đăng ký danh hiệu tập thể: "'  # on a phone each figure carries its column's name
    await district.get_by_role("link", name="Quận Hoàn Kiếm").click()
    await page.wait_for_selector("#fig-registrations_total")
    assert await figure(page, "registrations_total") == "3"
    crumbs = page.locator("nav.crumbs")
    assert await crumbs.get_by_role("link", name="Thành phố Hà Nội").count() == 1
    overflow = await page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    await screenshot(page, "dashboard-district-360")
    await page.keyboard.press("Tab")
    assert await page.evaluate("() => document.activeElement.textContent") == "Bỏ qua, đến nội dung chính"


async def test_the_district_follows_its_task_calendar_on_its_dashboard(
    portal: Portal, signed_in: Any
) -> None:
    # The seeded 2020 calendar of Thanh Xuân (54/KH-HĐTĐKT, 31 tasks): reporting follows it from its events.
    async def calendars() -> list[dict[str, Any]]:
        async with httpx.AsyncClient(base_url=portal.slice.url("reporting-http"), timeout=20) as http:
            got = await http.get(
                "/units/q-thanh-xuan/task-calendar", params={"period": 2020},
                headers=bearer(portal.token("viewer", "q-thanh-xuan")),
            )  # fmt: skip
        return list(got.json()["calendars"]) if got.status_code == 200 else []

    [calendar] = await eventually(calendars, lambda found: len(found) == 1)
    assert sum(calendar["counts"].values()) == 31
    page = await signed_in(await portal.person("viewer", "q-thanh-xuan", "Lê Văn Toàn"))
    await page.goto(f"{portal.url}/dashboard/q-thanh-xuan?period=2020")
    section = await page.locator("section", has=page.locator("#calendars")).inner_text()
    assert "Quận Thanh Xuân — Kế hoạch số 54/KH-HĐTĐKT" in section
    assert f"quá hạn chưa xong {calendar['counts']['overdue']}" in section
    assert "15/01/2020" in section  # the first task's deadline, as a person reads a day
    assert await accessibility_violations(page) == []
