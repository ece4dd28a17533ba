"""Journey 4: a cluster of Hà Đông's wards — criteria, self-assessment, cross-inspection, ranking, honouring.

Each test sets up its own cluster through review's API as Hà Đông's standing office (and prepares the
steps before its own through the API), then does its step in the browser as the person who does it.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from emutrack_kit.text import fold
from emutrack_kit_testing.helpers import bearer
from tests.journeys.conftest import Portal, accessibility_violations, screenshot

LEVEL = "q-ha-dong"
HEAD, DEPUTY, DONG_MAI, HA_CAU = MEMBERS = ["p-bien-giang", "p-duong-noi", "p-dong-mai", "p-ha-cau"]
NAMES = {
    HEAD: "Phường Biên Giang",
    DEPUTY: "Phường Dương Nội",
    DONG_MAI: "Phường Đồng Mai",
    HA_CAU: "Phường Hà Cầu",
}
CRITERIA = {
    "sections": [
        {
            "section_id": "I",
            "title": "Thực hiện nhiệm vụ chính trị",
            "criteria": [
                {"criterion_id": "I.1", "text": "Hoàn thành chỉ tiêu kinh tế - xã hội", "max_points": 60},
                {"criterion_id": "I.2", "text": "Cải cách hành chính", "max_points": 40},
            ],
        }
    ],
    "bonus_items": [{"item_id": "T1", "text": "Mô hình mới được nhân rộng", "max_points": 5}],
    "declared_total": 100,
}
# Cross-inspection totals each member receives (I.1, I.2): Đồng Mai leads, Hà Cầu is last.
RECEIVED = {DONG_MAI: (57, 38), HEAD: (55, 35), DEPUTY: (50, 30), HA_CAU: (45, 25)}


async def review(portal: Portal, method: str, path: str, role: str, unit: str, body: Any = None) -> Any:
    """Prepare through review's API as `role` at `unit` (not what the pages use)."""
    async with httpx.AsyncClient(base_url=portal.slice.url("review-http"), timeout=20) as http:
        response = await http.request(method, path, json=body, headers=bearer(portal.token(role, unit)))
    assert response.status_code < 300, response.text
    return response.json()


def sheet(scorer: str, first: float, second: float, kind: str = "cross") -> dict[str, Any]:
    why = "Chưa đạt đủ chỉ tiêu đề ra"
    marks = [
        {"ref_id": "I.1", "points": first, "comment": "" if first == 60 else why},
        {"ref_id": "I.2", "points": second, "comment": "" if second == 40 else why},
    ]
    return {"scorer_id": scorer, "kind": kind, "marks": marks}


async def cluster(portal: Portal, stage: str, name: str = "", year: int = 2024) -> dict[str, Any]:
    """A new cluster of four Hà Đông wards headed by Biên Giang, taken to `stage` through the API.

    Stages: new, criteria (set by the head), drawn (k=1), scored (every cross sheet in), ranked.
    """
    stages = ["new", "criteria", "drawn", "scored", "ranked"]
    body = {"level_unit_id": LEVEL, "name": name or f"Cụm thi đua số {uuid.uuid4().hex[:4]} - Hà Đông",
            "year": year, "member_ids": MEMBERS, "head_id": HEAD, "deputy_id": DEPUTY}  # fmt: skip
    found = await review(portal, "POST", "/clusters", "standing_office", LEVEL, body)
    cid = found["cluster_id"]
    if stages.index(stage) >= 1:
        found = await review(portal, "PUT", f"/clusters/{cid}/criteria", "cluster_head", HEAD, CRITERIA)
    if stages.index(stage) >= 2:
        draw = {"k": 1, "seed": "Hà Đông"}
        found = await review(portal, "POST", f"/clusters/{cid}/inspections", "cluster_head", HEAD, draw)
    if stages.index(stage) >= 3:
        for pair in found["assignment"]["pairs"]:
            inspector, inspected = pair["inspector"], pair["inspected"]
            path = f"/clusters/{cid}/sheets/{inspected}"
            found = await review(
                portal, "PUT", path, "unit_officer", inspector, sheet(inspector, *RECEIVED[inspected])
            )
    if stages.index(stage) >= 4:
        found = await review(portal, "POST", f"/clusters/{cid}/ranking", "cluster_head", HEAD, {})
    return dict(found)


async def open_cluster(page: Any, portal: Portal, name: str) -> None:
    """From the header's link, find the cluster by its name typed without accents, and open it."""
    await page.get_by_role("link", name="Cụm thi đua", exact=True).click()
    await page.wait_for_url(f"{portal.url}/clusters")
    await page.fill("#q", fold(name))
    await page.get_by_role("button", name="Tìm").click()
    await page.get_by_role("link", name=name, exact=True).click()
    await page.wait_for_selector("h1")


async def test_the_head_copies_last_years_criteria_and_corrects_them(portal: Portal, signed_in: Any) -> None:
    last_year = await cluster(portal, "criteria", "Cụm thi đua số 7 - Hà Đông", year=2023)
    this_year = await cluster(portal, "new", "Cụm thi đua số 7 - Hà Đông (2024)")
    page = await signed_in(await portal.person("cluster_head", HEAD, "Phạm Thị Hồng"))
    await open_cluster(page, portal, this_year["name"])
    assert "Cụm trưởng: Phường Biên Giang" in await page.locator("main").inner_text()
    await page.get_by_role("link", name="Ban hành bộ tiêu chí chấm điểm").click()
    assert await accessibility_violations(page) == []

    await page.select_option("#from_cluster_id", label=f"{last_year['name']} (năm 2023)")
    await page.get_by_role("button", name="Sao chép bộ tiêu chí").click()
    await page.wait_for_selector("text=Đã sao chép bộ tiêu chí")
    assert "Hoàn thành chỉ tiêu kinh tế - xã hội" in await page.locator("#current ~ table").first.inner_text()
    assert await page.locator("#row-0-max").input_value() == "60"

    # 65 + 40 is not the 100 the charter declares: refused, the 65 kept, the reason beside the total.
    await page.fill("#row-0-max", "65")
    await page.get_by_role("button", name="Lưu bộ tiêu chí").click()
    total_error = page.locator("#declared_total-error")
    await total_error.wait_for()
    assert "Tổng điểm tối đa các tiêu chí là 105" in await total_error.inner_text()
    assert await page.locator("#declared_total").get_attribute("aria-invalid") == "true"
    assert await page.locator("#row-0-max").input_value() == "65"
    await screenshot(page, "cluster-criteria-refused")
    assert await accessibility_violations(page) == []

    await page.fill("#row-1-max", "35")
    await page.fill("#row-3-section", "Thực hiện nhiệm vụ chính trị")
    await page.fill("#row-3-text", "Phòng chống dịch bệnh")
    await page.fill("#row-3-max", "")
    await page.get_by_role("button", name="Lưu bộ tiêu chí").click()
    await page.locator("#row-3-max-error").wait_for()  # a criterion needs its maximum
    assert await page.locator("#row-3-text").input_value() == "Phòng chống dịch bệnh"
    await page.fill("#row-3-text", "")
    await page.fill("#row-3-section", "")
    await page.get_by_role("button", name="Lưu bộ tiêu chí").click()
    await page.wait_for_selector("text=Đã lưu bộ tiêu chí (phiên bản 2)")
    stored = await review(portal, "GET", f"/clusters/{this_year['cluster_id']}", "cluster_head", HEAD)
    maxima = [c["max_points"] for c in stored["criteria"]["sections"][0]["criteria"]]
    assert maxima == [65, 35]
    assert stored["criteria"]["bonus_items"][0]["text"] == "Mô hình mới được nhân rộng"
    await screenshot(page, "cluster-criteria-saved")


async def test_a_member_fills_its_self_assessment(portal: Portal, signed_in: Any) -> None:
    found = await cluster(portal, "criteria")
    page = await signed_in(await portal.person("unit_officer", DEPUTY, "Vũ Thị Mai"))
    await open_cluster(page, portal, found["name"])
    mine = page.locator("#my-work ~ ul").first
    assert "Phiếu tự chấm của Phường Dương Nội — chưa nộp" in " ".join((await mine.inner_text()).split())
    await page.get_by_role("link", name="Phiếu tự chấm của Phường Dương Nội").click()
    assert await accessibility_violations(page) == []

    await page.fill("#m0-points", "70")
    await page.fill("#m1-points", "40")
    await page.get_by_role("button", name="Nộp phiếu chấm").click()
    above = page.locator("#m0-points-error")
    await above.wait_for()
    assert "vượt điểm tối đa 60" in await above.inner_text()
    assert await page.locator("#m0-points").input_value() == "70"
    assert await page.locator("#m0-points").get_attribute("aria-invalid") == "true"
    await screenshot(page, "cluster-sheet-refused")

    await page.fill("#m0-points", "55,5")
    await page.get_by_role("button", name="Nộp phiếu chấm").click()
    why = page.locator("#m0-comment-error")
    await why.wait_for()
    assert "cần ghi nhận xét" in await why.inner_text()
    assert await page.locator("#m0-points").input_value() == "55,5"

    await page.fill("#m0-comment", "Chưa hoàn thành chỉ tiêu thu ngân sách")
    await page.fill("#b0-points", "2")
    await page.fill("#b0-comment", "Mô hình “Chợ văn minh” được quận nhân rộng")
    await page.get_by_role("button", name="Nộp phiếu chấm").click()
    await page.wait_for_selector("text=Đã nộp phiếu chấm.")
    assert await page.locator("#m0-points").input_value() == "55,5"
    assert "97,5" in await page.locator("[data-total]").inner_text()  # the page's running total
    await screenshot(page, "cluster-sheet-filled")
    stored = await review(portal, "GET", f"/clusters/{found['cluster_id']}", "unit_officer", DEPUTY)
    own = stored["sheets"][f"self|{DEPUTY}|{DEPUTY}"]
    assert [m["points"] for m in own["marks"]] == [55.5, 40]
    assert own["bonuses"][0]["points"] == 2


async def test_the_head_draws_the_cross_inspection_and_adjusts_once(portal: Portal, signed_in: Any) -> None:
    found = await cluster(portal, "criteria")
    cid = found["cluster_id"]
    page = await signed_in(await portal.person("cluster_head", HEAD, "Phạm Thị Hồng"))
    await page.goto(f"{portal.url}/clusters/{cid}/inspections")
    await page.fill("#k", "0")
    await page.get_by_role("button", name="Bốc thăm").click()
    await page.locator("#k-error").wait_for()
    assert await page.locator("#k").input_value() == "0"
    await page.fill("#k", "2")
    await page.fill("#seed", "Hà Đông 2024")
    await page.get_by_role("button", name="Bốc thăm").click()
    await page.wait_for_selector("text=Đã bốc thăm phân công kiểm tra chéo.")
    pairs = page.locator("#pairs ~ table tbody tr")
    assert await pairs.count() == 8
    first = " ".join((await pairs.first.inner_text()).split())
    assert any(name in first for name in NAMES.values())
    assert "p-" not in first
    assert "Hà Đông 2024" in await page.locator("main").inner_text()
    assert await accessibility_violations(page) == []
    await screenshot(page, "cluster-inspections")

    await page.select_option("#unit_id", label="Phường Hà Cầu")
    await page.fill("#delta", "1,5")
    await page.fill("#reason", "Hiến máu")
    await page.get_by_role("button", name="Ghi điều chỉnh").click()
    await page.locator("#reason-error").wait_for()
    assert await page.locator("#reason").input_value() == "Hiến máu"
    assert await page.locator("#delta").input_value() == "1,5"

    # The same form sent twice (a double click past the page's own guard): one adjustment.
    await page.fill("#reason", "Thưởng phong trào hiến máu tình nguyện")
    form = await page.evaluate(
        "() => Object.fromEntries(new FormData(document.querySelector('form[action$=\"/adjustments\"]')))"
    )
    for _ in range(2):
        sent = await page.request.post(f"{portal.url}/clusters/{cid}/adjustments", form=form)
        assert sent.ok
    await page.goto(f"{portal.url}/clusters/{cid}/inspections")
    rows = page.locator("#adjustments ~ table tbody tr")
    assert await rows.count() == 1
    assert "Phường Hà Cầu" in await rows.first.inner_text()
    assert "+1,5" in await rows.first.inner_text()

    # An inspector fills its cross sheet for a peer it was assigned to.
    drawn = await review(portal, "GET", f"/clusters/{cid}", "cluster_head", HEAD)
    pair = next(p for p in drawn["assignment"]["pairs"] if p["inspector"] == DONG_MAI)
    inspector = await signed_in(await portal.person("unit_officer", DONG_MAI, "Đỗ Văn Hùng"))
    await inspector.goto(f"{portal.url}/clusters/{cid}")
    await inspector.get_by_role("link", name=f"Kiểm tra chéo {NAMES[pair['inspected']]}").click()
    assert (
        f"Phường Đồng Mai chấm {NAMES[pair['inspected']]}" in await inspector.locator("#sheet").inner_text()
    )
    await inspector.fill("#m0-points", "60")
    await inspector.fill("#m1-points", "40")
    await inspector.get_by_role("button", name="Nộp phiếu chấm").click()
    await inspector.wait_for_selector("text=Đã nộp phiếu chấm.")
    after = await review(portal, "GET", f"/clusters/{cid}", "cluster_head", HEAD)
    assert f"cross|{DONG_MAI}|{pair['inspected']}" in after["sheets"]


async def test_the_head_publishes_the_frozen_ranking_and_the_district_checks_it(
    portal: Portal, signed_in: Any
) -> None:
    found = await cluster(portal, "scored")
    cid = found["cluster_id"]
    page = await signed_in(await portal.person("cluster_head", HEAD, "Phạm Thị Hồng"))
    await page.goto(f"{portal.url}/clusters/{cid}/ranking")
    await page.get_by_role("button", name="Công bố kết quả xếp hạng").click()
    await page.wait_for_selector("text=Đã công bố kết quả xếp hạng.")
    rows = page.locator("#ranking ~ table tbody tr")
    units = await rows.locator("td[data-label='Đơn vị']").all_inner_texts()
    assert units == ["Phường Đồng Mai", "Phường Biên Giang", "Phường Dương Nội", "Phường Hà Cầu"]
    assert await rows.first.locator("td[data-label='Điểm cuối cùng']").inner_text() == "95"
    published = await review(portal, "GET", f"/clusters/{cid}", "cluster_head", HEAD)
    content_hash = published["results"]["content_hash"]
    shown = await page.locator("#content-hash").inner_text()
    assert shown.replace(" ", "").strip() == content_hash
    assert await accessibility_violations(page) == []
    await screenshot(page, "cluster-ranking")

    leader = await signed_in(await portal.person("viewer", LEVEL, "Nguyễn Quang Minh"), 360)
    await leader.goto(f"{portal.url}/clusters/{cid}/ranking")
    await leader.get_by_role("button", name="Kiểm tra lại kết quả").click()
    check = leader.locator("#check")
    await check.wait_for()
    assert "Khớp" in await check.inner_text()
    assert content_hash in await check.inner_text()
    overflow = await leader.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    await screenshot(leader, "cluster-ranking-verified-360")
    assert await accessibility_violations(leader) == []


async def test_members_vote_and_the_head_closes_the_honouring(portal: Portal, signed_in: Any) -> None:
    found = await cluster(portal, "ranked")
    cid = found["cluster_id"]
    head = await signed_in(await portal.person("cluster_head", HEAD, "Phạm Thị Hồng"))
    await head.goto(f"{portal.url}/clusters/{cid}/honouring")
    await head.select_option("#award_code", label="Cờ thi đua Thành phố")
    await head.fill("#top_n", "0")
    await head.get_by_role("button", name="Mở bỏ phiếu").click()
    await head.locator("#top_n-error").wait_for()
    assert await head.locator("#top_n").input_value() == "0"
    await head.fill("#top_n", "1")
    await head.get_by_role("button", name="Mở bỏ phiếu").click()
    await head.wait_for_selector("text=Đã mở bỏ phiếu bình xét, suy tôn.")

    voter = await signed_in(await portal.person("unit_head", HA_CAU, "Trịnh Văn Long"))
    await voter.goto(f"{portal.url}/clusters/{cid}")
    await voter.get_by_role("link", name="Bỏ phiếu bình xét, suy tôn").click()
    assert await accessibility_violations(voter) == []
    await voter.get_by_label("Phường Đồng Mai").check()
    await voter.get_by_role("button", name="Bỏ phiếu").click()
    await voter.wait_for_selector("text=Đã nhận phiếu của đơn vị.")
    await voter.get_by_label("Phường Biên Giang").check()
    await voter.get_by_role("button", name="Bỏ phiếu").click()
    again = voter.locator("#approvals-error")
    await again.wait_for()
    assert "đã bỏ phiếu" in await again.inner_text()
    assert await voter.get_by_label("Phường Biên Giang").is_checked()
    await screenshot(voter, "cluster-honouring-vote-refused")

    for unit, choice in ((HEAD, DONG_MAI), (DONG_MAI, HEAD)):
        paper = {"voter_unit_id": unit, "approvals": [choice]}
        await review(portal, "POST", f"/clusters/{cid}/honouring/votes", "unit_head", unit, paper)
    await head.reload()
    await head.get_by_role("button", name="Kết thúc bỏ phiếu, công bố kết quả").click()
    await head.wait_for_selector("text=Đã kết thúc bỏ phiếu và công bố kết quả.")
    leading = head.locator("tr.leading")
    assert await leading.count() == 1
    assert "Phường Đồng Mai" in await leading.inner_text()
    assert "Được suy tôn" in await leading.inner_text()
    assert "3/4 đơn vị đã bỏ phiếu" in await head.locator("main").inner_text()
    assert await accessibility_violations(head) == []
    await screenshot(head, "cluster-honouring-result")


async def test_my_clusters_read_on_a_phone_and_by_keyboard(portal: Portal, signed_in: Any) -> None:
    found = await cluster(portal, "drawn", "Cụm thi đua số 9 - Hà Đông")
    page = await signed_in(await portal.person("unit_officer", HA_CAU, "Lê Thị Thu"), 360)
    await page.goto(f"{portal.url}/clusters?q=CUM THI DUA SO 9")
    assert await page.get_by_role("link", name=found["name"]).count() == 1
    await page.goto(f"{portal.url}/clusters?q=khong co cum nay")
    assert "Không có cụm nào khớp" in await page.locator("main").inner_text()
    await page.goto(f"{portal.url}/clusters/{found['cluster_id']}")
    for path in ("", "/criteria", "/inspections"):
        await page.goto(f"{portal.url}/clusters/{found['cluster_id']}{path}")
        overflow = await page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
        assert overflow is False, path
        assert await accessibility_violations(page) == []
    await screenshot(page, "cluster-inspections-360")
    await page.goto(f"{portal.url}/clusters/{found['cluster_id']}")
    link = page.get_by_role("link", name="Phiếu tự chấm của Phường Hà Cầu")
    await link.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_selector("#m0-points")
    await page.locator("#m0-points").focus()
    await page.keyboard.type("60")
    await page.keyboard.press("Tab")
    assert await page.evaluate("() => document.activeElement.id") == "m0-comment"
    await screenshot(page, "cluster-sheet-360")
