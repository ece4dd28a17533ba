"""Journey 1a: a ward officer sends the individual list from the XLSX template, fixes it, finds people."""

from __future__ import annotations

import asyncio
import io
import uuid
from pathlib import Path
from typing import Any

import httpx
from openpyxl import load_workbook
from playwright.async_api import Page

from emutrack_kit_testing.helpers import bearer, eventually
from tests.journeys.conftest import Portal, accessibility_violations, screenshot

ROUND = "dk-2020-q-thanh-xuan"  # the seeded registration round, open until 2099 in the portal's slice
WARD = "p-khuong-dinh"
OTHER_WARD = "p-khuong-trung"  # its list stays unsent: bad files are tried there
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Thu Dung", "Quang Đức"]


def people_rows() -> list[list[Any]]:
    """25 people of the ward: the first is the one searched for later."""
    rows: list[list[Any]] = [
        ["Nguyễn Thị Thịnh", "12/03/1985", "Nữ", "Công chức Văn phòng - Thống kê", "Chiến sĩ thi đua cơ sở"]
    ]
    for i in range(24):
        name = f"{FAMILY[i % 10]} {GIVEN[i % 5]} {chr(65 + i)}"
        rows.append(
            [
                name,
                f"{1 + i:02d}/0{1 + i % 9}/19{70 + i}",
                "Nam" if i % 2 else "Nữ",
                "Cán bộ phường",
                "Lao động tiên tiến",
            ]
        )
    return rows


def filled(template: bytes, rows: list[list[Any]], first_row: int, stt: bool = True) -> bytes:
    """The downloaded template with `rows` written from `first_row` (column A numbers them)."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.active
    assert sheet is not None
    for offset, values in enumerate(rows):
        cells = [offset + 1, *values] if stt else values
        for col, value in enumerate(cells, start=1):
            sheet.cell(row=first_row + offset, column=col, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def download(page: Page, link_name: str) -> bytes:
    """Click a download link and read the file the browser received."""
    async with page.expect_download() as info:
        await page.get_by_role("link", name=link_name).click()
    path = await (await info.value).path()
    return await asyncio.to_thread(Path(path).read_bytes)


async def upload(page: Page, name: str, content: bytes, button: str, mime: str = XLSX) -> None:
    """Choose a file and send the form."""
    await page.set_input_files("#file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    await page.get_by_role("button", name=button).click()
    await page.wait_for_load_state("load")


async def open_round(portal: Portal, kind: str, name: str, **extra: Any) -> str:
    """A round of the district's own (as its standing office), open until 2099.

    Opened in 2025: the seeded tree has the district until 30/06/2025, when districts were abolished.
    """
    body = {
        "receiving_unit_id": "q-thanh-xuan", "name": name, "kind": kind, "year": 2025,
        "opened_on": "2025-01-02", "deadline": "2099-12-31", **extra,
    }  # fmt: skip
    headers = {**bearer(portal.token("standing_office", "q-thanh-xuan")), "Idempotency-Key": uuid.uuid4().hex}
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        opened_round = await api.post("/rounds", json=body, headers=headers)
    assert opened_round.status_code == 201, opened_round.text
    return str(opened_round.json()["round_id"])


async def fits_the_screen(page: Page) -> bool:
    """Nothing is wider than the window."""
    return bool(await page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


async def stored_list(portal: Portal, ward: str = WARD) -> httpx.Response:
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        path = f"/rounds/{ROUND}/units/{ward}/individual-registrations"
        return await api.get(path, headers=bearer(portal.token("unit_officer", ward)))


async def test_an_officer_sends_the_individual_list_fixes_its_rows_and_finds_people(
    portal: Portal, signed_in: Any
) -> None:
    username = await portal.person("unit_officer", WARD, "Phạm Thu Trang")
    page = await signed_in(username)
    await page.get_by_role("link", name="Đăng ký của đơn vị").click()
    assert await page.locator("h1").inner_text() == "Đăng ký của đơn vị"
    assert "Phường Khương Đình" in await page.locator("main").inner_text()
    assert await accessibility_violations(page) == []
    await screenshot(page, "lists-hub")
    await page.goto(f"{portal.url}/rounds/{ROUND}?unit_id={WARD}")
    await page.get_by_role("link", name="Danh sách cá nhân đăng ký").click()
    assert await page.locator("h1").inner_text() == "Danh sách cá nhân đăng ký"
    assert "Đơn vị chưa gửi danh sách cá nhân cho đợt này." in await page.locator("#sent + p").inner_text()
    assert await accessibility_violations(page) == []

    template = await download(page, "Tải mẫu danh sách (.xlsx)")
    sheet = load_workbook(io.BytesIO(template)).active
    assert sheet is not None
    assert sheet["B3"].value == "Họ và tên"

    # Three rows at fault: refused whole, each problem beside its row and column, nothing stored.
    wrong = people_rows()
    wrong[1][1] = "31/02/1990"  # row 5
    wrong[3][4] = "Lao động giỏi"  # row 7
    wrong[5][0] = None  # row 9
    await upload(page, "danh-sach-khuong-dinh.xlsx", filled(template, wrong, 4), "Gửi danh sách")
    problems = page.locator(".row-errors tbody tr")
    assert await problems.count() == 3
    assert [await problems.nth(i).locator("td").first.inner_text() for i in range(3)] == ["5", "7", "9"]
    assert "Ngày sinh '31/02/1990' không hợp lệ" in await problems.nth(0).inner_text()
    assert "Ngày sinh (dd/mm/yyyy)" in await problems.nth(0).inner_text()
    assert "Danh hiệu 'Lao động giỏi' không hợp lệ cho cá nhân" in await problems.nth(1).inner_text()
    assert "Thiếu họ và tên." in await problems.nth(2).inner_text()
    assert "danh-sach-khuong-dinh.xlsx" in await page.locator(".row-errors h3").inner_text()
    assert await page.locator("#file").get_attribute("aria-invalid") == "true"
    assert "có 3 lỗi; không dòng nào được lưu" in await page.locator("#file-error").inner_text()
    assert (await stored_list(portal)).status_code == 404
    assert await accessibility_violations(page) == []
    await screenshot(page, "lists-people-row-errors")

    # Fixed and sent again: 25 people, named, in pages of 20.
    await upload(page, "danh-sach-khuong-dinh.xlsx", filled(template, people_rows(), 4), "Gửi danh sách")
    assert await page.get_by_role("status").first.inner_text() == "Đã nhận danh sách gồm 25 người."
    sent = await page.locator("#sent + p").inner_text()
    assert "Lần gửi thứ 1" in sent
    assert "Chiến sĩ thi đua cơ sở: 1" in sent
    assert "Lao động tiên tiến: 24" in sent
    assert await page.locator(".lists-table tbody tr").count() == 20
    assert "1–20 / 25" in await page.locator("nav.pages").inner_text()
    await screenshot(page, "lists-people-accepted")
    await page.get_by_role("link", name="Trang sau »").click()
    assert await page.locator(".lists-table tbody tr").count() == 5
    assert "21–25 / 25" in await page.locator("nav.pages").inner_text()
    assert await accessibility_violations(page) == []

    # Searched without accents (the service's index is fed by events: it may answer a moment later).
    async def search() -> int:
        await page.fill("#q", "nguyen thi thinh")
        await page.get_by_role("button", name="Tìm", exact=True).click()
        await page.wait_for_load_state("load")
        return await page.locator(".lists-table tbody tr").count()

    await eventually(search, lambda n: n == 1)
    row = await page.locator(".lists-table tbody tr").inner_text()
    assert "Nguyễn Thị Thịnh" in row
    assert "12/03/1985" in row
    assert "Nữ" in row
    assert "Chiến sĩ thi đua cơ sở" in row
    await screenshot(page, "lists-people-search")
    exported = await download(page, "Tải danh sách đã nhận (.xlsx)")
    names = [r[1] for r in load_workbook(io.BytesIO(exported)).active.iter_rows(min_row=4, values_only=True)]
    assert "Nguyễn Thị Thịnh" in names
    assert len(names) == 25


async def test_a_file_that_is_no_spreadsheet_or_too_large_is_refused_and_changes_nothing(
    portal: Portal, signed_in: Any
) -> None:
    username = await portal.person("unit_officer", OTHER_WARD, "Đỗ Minh Quân")
    page = await signed_in(username, 360)
    await page.goto(f"{portal.url}/rounds/{ROUND}/people?unit_id={OTHER_WARD}")

    await upload(
        page, "danh-sach.xlsx", b"%PDF-1.4\n% not a spreadsheet\n", "Gửi danh sách", "application/pdf"
    )
    assert "không phải là bảng tính Excel (.xlsx) hợp lệ" in await page.locator("#file-error").inner_text()
    assert await page.locator("#file").get_attribute("aria-describedby") == "file-error"
    assert await fits_the_screen(page)
    assert await accessibility_violations(page) == []
    await screenshot(page, "lists-people-not-a-spreadsheet-360")

    await upload(page, "ghi-chu.txt", "Danh sách: Nguyễn Văn A".encode(), "Gửi danh sách", "text/plain")
    assert "không phải là bảng tính Excel (.xlsx) hợp lệ" in await page.locator("#file-error").inner_text()

    big = bytes(6 * 1024 * 1024)
    await upload(page, "danh-sach-lon.xlsx", big, "Gửi danh sách")
    assert "Tệp lớn hơn 5 MB" in await page.locator("#file-error").inner_text()
    assert "Chưa thực hiện được" in await page.get_by_role("alert").inner_text()
    assert await fits_the_screen(page)
    await screenshot(page, "lists-people-too-large-360")

    assert (await stored_list(portal, OTHER_WARD)).status_code == 404
    assert "Đơn vị chưa gửi danh sách cá nhân cho đợt này." in await page.locator("#sent + p").inner_text()
