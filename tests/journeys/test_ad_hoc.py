"""Issue 18.3's ad hoc path in Chromium: a ward drafts a dossier for a sudden deed; one past the 30 days is
refused beside its date, one in time is drafted and shows the deed's day."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from emutrack_kit.clock import HANOI
from tests.journeys.conftest import Portal, accessibility_violations, screenshot
from tests.journeys.test_dossiers_helpers import SUMMARY, WAIT, open_round

WARD, WARD_NAME = "p-thuong-dinh", "Phường Thượng Đình"


async def test_a_ward_proposes_a_sudden_deed_within_thirty_days(portal: Portal, signed_in: Any) -> None:
    _, round_name = await open_round(portal, "đột xuất", award_kind="exceptional")
    page = await signed_in(await portal.person("unit_officer", WARD, "Nguyễn Thị Lan"))
    page.context.set_default_timeout(WAIT)
    await page.get_by_role("link", name=round_name).click()
    await page.get_by_role("link", name=f"Hồ sơ đề nghị khen thưởng của {WARD_NAME} trong đợt này").click()
    assert "Đột xuất" in await page.locator("#new + form").inner_text()

    today = datetime.now(UTC).astimezone(HANOI).date()
    await page.check("#subject-individual")
    await page.fill("#full_name", "Bùi Văn Hùng")
    await page.select_option("#award_code", "giay_khen")
    await page.fill("#summary", SUMMARY)
    await page.fill("#deed_on", (today - timedelta(days=40)).strftime("%d/%m/%Y"))
    await page.get_by_role("button", name="Lập hồ sơ").click()
    error = page.locator("#deed_on-error")
    await error.wait_for()
    assert "phải đề nghị trong 30 ngày kể từ ngày lập thành tích" in await error.inner_text()
    assert await page.locator("#deed_on").get_attribute("aria-invalid") == "true"
    assert await page.locator("#full_name").input_value() == "Bùi Văn Hùng"
    assert await accessibility_violations(page) == []
    await screenshot(page, "ad-hoc-window-passed")

    deed = (today - timedelta(days=2)).strftime("%d/%m/%Y")
    await page.fill("#deed_on", deed)
    await page.get_by_role("button", name="Lập hồ sơ").click()
    await page.wait_for_url(re.compile(r"/dossiers/hs-[^/?]+\?created=1"))
    shown = await page.locator("main").inner_text()
    assert f"Ngày lập thành tích\n{deed}" in shown or f"Ngày lập thành tích\t{deed}" in shown, shown
    assert await accessibility_violations(page) == []
