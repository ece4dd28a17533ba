"""Issue 18.5 in Chromium: a dossier for the Prime Minister's certificate goes from Mai Động through Hoàng
Mai and the city to the central level; the city's office records the decision when it comes back."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl

from emutrack_kit.clock import HANOI
from emutrack_kit_testing.helpers import bearer, eventually
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_office_data import (
    HOANG_MAI,
    accepted,
    nominate,
    office,
    ok,
    open_round,
    seat_council,
    service,
    voted,
)

WARD, CITY, PERSON = "p-mai-dong", "ha-noi", "Trịnh Thị Minh Hoa"  # Mai Động: no other journey uses it
COUNCILS = {
    HOANG_MAI: ("md-hm-chair", ["md-hm-m1", "md-hm-m2"]),
    CITY: ("md-tp-chair", ["md-tp-m1", "md-tp-m2"]),
}
HELD = (
    {"name": "Bằng khen của Chủ tịch UBND Thành phố", "year": 2015, "decision_number": "12/QĐ-UBND"},
    *({"name": "Hoàn thành xuất sắc nhiệm vụ", "year": y} for y in range(2016, 2021)),
)


async def sent_to_central(portal: Portal) -> str:
    """Mai Động proposes its officer; Hoàng Mai's and the city's councils pass it; the city sends it up."""
    rounds = await open_round(
        portal, "nomination", f"Khen thưởng theo đợt 2020 ({uuid.uuid4().hex[:6]})", award_kind="by_phase"
    )
    nomination = await nominate(
        portal, rounds, WARD, "bang_khen_thu_tuong", "by_phase", person=PERSON, prior_awards=HELD
    )
    at_city = f"{nomination.split('@')[0]}@{CITY}"
    for level, here in ((HOANG_MAI, nomination), (CITY, at_city)):
        chair, members = COUNCILS[level]
        await accepted(portal, here, level)
        await seat_council(portal, [(m, f"Ủy viên {m}") for m in (chair, *members)], chair, level)
        await voted(portal, [here], chair, members, level)
        async with service(portal, "review") as review:
            ok(await review.post(f"/nominations/{here}/forward", headers=office(portal, level)))
    return at_city


async def test_the_city_office_records_the_prime_ministers_decision(
    portal: Portal, signed_in: Any, tmp_path: Path
) -> None:
    at_city, person = (
        await sent_to_central(portal),
        await portal.person("standing_office", CITY, "Ngô Thanh Hằng"),
    )
    page = await signed_in(person, 1366)

    # The city's page of dossiers sent above it: the sheet of those waiting, and a wrongly filled one refused
    # with its row named (nothing recorded).
    await page.goto(f"{portal.url}/office/nominations?level={CITY}")
    await page.get_by_role("link", name="Hồ sơ đã trình Trung ương và kết quả").click()
    await page.wait_for_load_state()
    assert PERSON in await page.locator("table.inbox").inner_text()
    async with page.expect_download() as started:
        await page.get_by_role("link", name="tải bảng tính các hồ sơ đang chờ").click()
    book = openpyxl.load_workbook(io.BytesIO((await (await started.value).path()).read_bytes()))
    sheet = book.active
    [row] = [r[0].row for r in sheet.iter_rows(min_row=4) if r[2].value == PERSON]
    sheet[f"G{row}"], sheet[f"H{row}"], sheet[f"I{row}"] = "Được khen", "1/QĐ-TTg", "ngày mai"
    filled = tmp_path / "ket-qua.xlsx"
    book.save(filled)
    await page.set_input_files("#file", str(filled))
    await page.get_by_role("button", name="Gửi bảng kết quả").click()
    await page.wait_for_load_state()
    errors = await page.locator("section.row-errors").inner_text()
    assert f"Dòng {row}: ngày ký cần theo dạng dd/mm/yyyy." in errors
    assert await accessibility_violations(page) == []
    await screenshot(page, "central-outcomes-sheet-refused")
    await page.get_by_role("link", name=PERSON).click()
    await page.wait_for_load_state()
    assert page.url.startswith(f"{portal.url}/office/nominations/{at_city.split('@')[0]}")
    assert await page.get_by_role("heading", name="Trình Thủ tướng Chính phủ").count() == 1
    assert await page.locator("#decided_by").input_value() == "Thủ tướng Chính phủ"
    number = f"{uuid.uuid4().hex[:4]}/QĐ-TTg"

    # A day before the dossier was sent is refused beside its box, what was typed kept.
    await page.fill("#number", number)
    await page.fill("#signed_on", "02/03/2021")
    await page.get_by_role("button", name="Ghi nhận kết quả của Trung ương").click()
    await page.wait_for_load_state()
    assert await page.locator("#signed_on").get_attribute("aria-invalid") == "true"
    assert "trước ngày trình Trung ương" in await page.locator("#signed_on-error").inner_text()
    assert await page.locator("#number").input_value() == number
    assert await accessibility_violations(page) == []

    today = datetime.now(UTC).astimezone(HANOI).strftime("%d/%m/%Y")
    await page.fill("#signed_on", today)
    await page.get_by_role("button", name="Ghi nhận kết quả của Trung ương").click()
    await page.wait_for_load_state()
    assert await page.locator("main").get_by_role("status").first.inner_text() == (
        "Đã ghi nhận kết quả của Trung ương."
    )
    main = await page.locator("main").inner_text()
    assert f"Quyết định số {number} ngày {today} của Thủ tướng Chính phủ" in main
    assert "Đã có quyết định" in main
    assert await page.get_by_role("heading", name="Trình Thủ tướng Chính phủ").count() == 0
    assert await accessibility_violations(page) == []
    await screenshot(page, "central-outcome-recorded")

    # Reporting counts it for Hoàng Mai's 2020 as an award of the State.
    async def counts() -> dict[str, Any]:
        async with service(portal, "reporting") as reporting:
            got = await reporting.get(
                f"/units/{HOANG_MAI}/counts",
                params={"period": 2020},
                headers=bearer(portal.token("viewer", CITY)),
            )
        return dict(got.json()) if got.status_code == 200 else {}

    counted = await eventually(counts, lambda c: c.get("awards_by_level", {}).get("central", 0) >= 1)
    assert counted["awards_by_award"].get("bang_khen_thu_tuong", 0) >= 1
