"""The Hoàn Kiếm 2019 conference season over HTTP on the real database (issue 18.1).

The pilot ward (Trần Hưng Đạo) holds its conference by 30/01/2020, three more wards follow, the
district's delegation breaks the 70/30 rule and is refused with the shortfall named, then fixed;
the wards' reports are due by 20/03/2020 and the late one is named.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from emutrack_kit_testing.helpers import bearer

DISTRICT = "hn-2020-q-hoan-kiem"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WARDS = {
    "p-hang-bac": "Phường Hàng Bạc",
    "p-hang-dao": "Phường Hàng Đào",
    "p-trang-tien": "Phường Tràng Tiền",
}


def office(token: Any, unit: str) -> dict[str, str]:
    return bearer(token("standing_office", unit))


def delegates(exemplars: int, guests: int, women: int = 0, sent_up: int = 0) -> list[dict[str, Any]]:
    people = [
        {
            "full_name": f"Đại biểu điển hình {i + 1}",
            "category": "dien_hinh",
            "sector": f"Ngành {i % 4}",
            "direct_worker": i % 2 == 0,
            "sent_up": i < sent_up,
        }
        for i in range(exemplars)
    ] + [
        {"full_name": f"Khách mời {i + 1}", "category": "khach_moi", "sector": "Lãnh đạo"}
        for i in range(guests)
    ]
    for person in people[:women]:
        person["female"] = True
    return people  # fmt: skip


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def ward_season(http: httpx.AsyncClient, token: Any, clock: Any, ward: str, report_day: int) -> None:
    """A ward plans (feeding its district's), sends a 70/30 delegation, confirms, reports in March."""
    plan = {"level_unit_id": ward, "name": "Hội nghị tuyên dương điển hình tiên tiến, người tốt - việc tốt",
            "hold_by": "2020-03-15"}  # feeds the district's conference of 2020 without naming it  # fmt: skip
    cid = ok(await http.post("/conferences", json=plan, headers=office(token, ward)), 201)["conference_id"]
    ok(
        await http.put(
            f"/conferences/{cid}/delegates", json={"delegates": delegates(14, 6)}, headers=office(token, ward)
        )
    )
    ok(await http.post(f"/conferences/{cid}/confirmation", headers=office(token, ward)))
    clock.now = datetime(2020, 3, report_day, 3, 0, tzinfo=UTC)
    held = {
        "held_on": f"2020-03-{report_day - 1:02d}",
        "attended": 20,
        "honoured": 8,
        "summary": "Biểu dương 8 gương điển hình.",
    }
    ok(await http.post(f"/conferences/{cid}/report", json=held, headers=office(token, ward)))


@pytest.fixture(autouse=True)
def in_december_2019(clock: Any) -> None:
    clock.now = datetime(2019, 12, 10, 3, 0, tzinfo=UTC)


async def test_the_hoan_kiem_season_pilot_wards_district_and_the_late_ward(
    http: httpx.AsyncClient, token: Any, clock: Any, mongo: Any, namespace: str
) -> None:
    plan = {
        "level_unit_id": "q-hoan-kiem", "name": "Hội nghị điển hình tiên tiến quận Hoàn Kiếm",
        "hold_by": "2020-03-31", "max_delegates": 300, "minimums": {"nu": 3, "truc_tiep": 2, "nganh": 3},
        "reports_due": "2020-03-20",
    }  # fmt: skip
    refused = await http.post("/conferences", json=plan, headers=office(token, "q-thanh-xuan"))
    assert refused.status_code == 403
    planned = ok(await http.post("/conferences", json=plan, headers=office(token, "q-hoan-kiem")), 201)
    assert planned["conference_id"] == DISTRICT
    again = await http.post("/conferences", json=plan, headers=office(token, "q-hoan-kiem"))
    assert (again.status_code, again.json()["error"]["code"]) == (409, "CONFERENCE_EXISTS")

    # The pilot ward: planned under the district's conference (not under another district's), held by 30/01.
    pilot = {"level_unit_id": "p-tran-hung-dao", "name": "Hội nghị điểm phường Trần Hưng Đạo",
             "hold_by": "2020-01-30", "pilot": True,
             "parent_conference_id": "hn-2020-q-thanh-xuan"}  # fmt: skip
    stranger = await http.post("/conferences", json=pilot, headers=office(token, "p-tran-hung-dao"))
    assert (stranger.status_code, stranger.json()["error"]["field"]) == (422, "parent_conference_id")
    pilot["parent_conference_id"] = DISTRICT
    pid = ok(await http.post("/conferences", json=pilot, headers=office(token, "p-tran-hung-dao")), 201)[
        "conference_id"
    ]
    ward_office = office(token, "p-tran-hung-dao")
    ok(
        await http.put(
            f"/conferences/{pid}/delegates",
            json={"delegates": delegates(7, 3, sent_up=2)},
            headers=ward_office,
        )
    )
    ok(await http.post(f"/conferences/{pid}/confirmation", headers=ward_office))
    clock.now = datetime(2020, 1, 29, 3, 0, tzinfo=UTC)
    held = {
        "held_on": "2020-01-28",
        "attended": 10,
        "honoured": 5,
        "summary": "Hội nghị điểm, rút kinh nghiệm.",
    }
    ok(await http.post(f"/conferences/{pid}/report", json=held, headers=ward_office))

    # Three more wards; Tràng Tiền reports on 23/03, after the district's day.
    for ward, day in (("p-hang-bac", 10), ("p-hang-dao", 18), ("p-trang-tien", 23)):
        await ward_season(http, token, clock, ward, day)

    # The district's delegation: 60 % exemplars and two women, refused with both shortfalls named.
    district = office(token, "q-hoan-kiem")
    sent = ok(
        await http.put(
            f"/conferences/{DISTRICT}/delegates",
            json={"delegates": delegates(6, 4, women=2)},
            headers=district,
        )
    )
    assert sent["shortfalls"] == [
        "Đại biểu điển hình tiên tiến mới có 6/10 (60%), cần từ 70%: thiếu 1 đại biểu điển hình.",
        "Thiếu 1 đại biểu nữ.",
    ]
    broken = await http.post(f"/conferences/{DISTRICT}/confirmation", headers=district)
    assert (broken.status_code, broken.json()["error"]["code"]) == (422, "DELEGATION_BREAKS_RULES")
    assert "thiếu 1 đại biểu điển hình" in broken.json()["error"]["message"]
    assert "Thiếu 1 đại biểu nữ." in broken.json()["error"]["message"]
    too_many = ok(
        await http.put(
            f"/conferences/{DISTRICT}/delegates",
            json={"delegates": delegates(211, 90, women=3)},
            headers=district,
        )
    )
    assert too_many["shortfalls"] == ["Vượt 1 đại biểu so với tối đa 300."]
    fixed = ok(
        await http.put(
            f"/conferences/{DISTRICT}/delegates",
            json={"delegates": delegates(7, 3, women=3)},
            headers=district,
        )
    )
    assert fixed["shortfalls"] == []
    assert ok(await http.post(f"/conferences/{DISTRICT}/confirmation", headers=district))["confirmed"] is True
    late_change = await http.put(
        f"/conferences/{DISTRICT}/delegates", json={"delegates": []}, headers=district
    )
    assert (late_change.status_code, late_change.json()["error"]["code"]) == (409, "DELEGATION_CONFIRMED")

    # After 20/03 the district sees who reported late and who has not reported, by name.
    season = ok(await http.get(f"/conferences/{DISTRICT}", headers=district))
    assert season["late"] == ["Phường Tràng Tiền"]
    assert "Phường Hàng Bạc" not in season["missing"]
    assert "Phường Phan Chu Trinh" in season["missing"]
    statuses = {b["unit_name"]: (b["status"], b["on_time"]) for b in season["below"]}
    assert statuses["Phường Trần Hưng Đạo"] == ("reported", True)
    assert statuses["Phường Hàng Đào"] == ("reported", True)
    assert [d["level_name"] for d in season["sent_up"]] == ["Phường Trần Hưng Đạo"] * 2
    ward_view = await http.get(
        f"/conferences/{DISTRICT}", headers=bearer(token("unit_officer", "p-hang-bac"))
    )
    assert ward_view.status_code == 403  # a ward's officer reads its own conference, not the district's

    db = mongo[f"{namespace}_registration"]
    stored = await db["conferences"].find_one({"_id": "hn-2020-p-trang-tien"})
    [reported] = [
        e["envelope"] for e in stored["_outbox"] if e["envelope"]["event_type"] == "conference.reported"
    ]
    assert (reported["payload"]["on_time"], reported["payload"]["parent_conference_id"]) == (False, DISTRICT)


async def test_a_ward_sends_its_delegates_as_the_filled_sheet(http: httpx.AsyncClient, token: Any) -> None:
    plan = {"level_unit_id": "p-hang-bac", "name": "Hội nghị điển hình tiên tiến phường Hàng Bạc",
            "hold_by": "2020-03-15", "minimums": {"nu": 1}}  # fmt: skip
    ward = office(token, "p-hang-bac")
    cid = ok(await http.post("/conferences", json=plan, headers=ward), 201)["conference_id"]
    sheet = await http.get(f"/conferences/{cid}/delegates.xlsx", headers=ward)
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.content))
    rows = [
        [
            "Nguyễn Thị Lan",
            "Điển hình",
            "Tổ trưởng tổ dân phố số 5",
            "Dân vận",
            "x",
            "",
            "",
            "",
            "x",
            "x",
            "",
        ],
        ["Trần Văn An", "khach moi", "Chủ tịch UBND phường", "Lãnh đạo", "", "", "", "", "", "", ""],
        ["", "Điển hình", "", "", "", "", "", "", "", "", ""],
        ["Lê Văn Bình", "Đại biểu", "", "", "", "", "", "", "", "", ""],
    ]
    for offset, row in enumerate(rows):
        for column, value in enumerate([offset + 1, *row], start=1):
            book.active.cell(row=4 + offset, column=column, value=value)  # type: ignore[union-attr]
    filled = io.BytesIO()
    book.save(filled)
    files = {"file": ("dai-bieu.xlsx", filled.getvalue(), XLSX)}
    refused = await http.post(f"/conferences/{cid}/delegates/xlsx", files=files, headers=ward)
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "INVALID_ROWS")
    assert [(e["row"], e["column"]) for e in refused.json()["error"]["details"]["errors"]] == [
        (6, "Họ và tên"), (7, "Loại đại biểu (Điển hình / Khách mời)"),
    ]  # fmt: skip
    assert ok(await http.get(f"/conferences/{cid}", headers=ward))["delegates"] == []  # nothing half-written

    for column in range(1, 13):
        for row in (6, 7):
            book.active.cell(row=row, column=column).value = None  # type: ignore[union-attr]
    fixed = io.BytesIO()
    book.save(fixed)
    files = {"file": ("dai-bieu.xlsx", fixed.getvalue(), XLSX)}
    sent = ok(await http.post(f"/conferences/{cid}/delegates/xlsx", files=files, headers=ward))
    assert [(d["full_name"], d["category"], d["female"], d["honoured"]) for d in sent["delegates"]] == [
        ("Nguyễn Thị Lan", "dien_hinh", True, True),
        ("Trần Văn An", "khach_moi", False, False),
    ]
    assert sent["shortfalls"] == [
        "Đại biểu điển hình tiên tiến mới có 1/2 (50%), cần từ 70%: thiếu 1 đại biểu điển hình."
    ]
