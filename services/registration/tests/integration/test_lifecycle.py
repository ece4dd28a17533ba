"""Approve, amend, withdraw before the deadline; locked after it; late acceptance with a reason."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from emutrack_kit_testing.helpers import bearer

ROUND = "/rounds/dk-2020-q-thanh-xuan"
KIM_GIANG = {"unit_id": "p-kim-giang", "title_code": "tap_the_lao_dong_tien_tien"}
AFTER_DEADLINE = datetime(2020, 2, 6, 2, 0, tzinfo=UTC)


async def _submit(http: httpx.AsyncClient, token: Any, body: dict[str, str] = KIM_GIANG) -> dict[str, Any]:
    response = await http.post(
        f"{ROUND}/registrations", json=body, headers=bearer(token("unit_officer", body["unit_id"]))
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _events(mongo: Any, namespace: str, registration_id: str) -> list[str]:
    doc = await mongo[f"{namespace}_registration"]["registrations"].find_one({"_id": registration_id})
    return [e["envelope"]["event_type"] for e in doc["_outbox"]]


async def test_the_unit_head_approves_and_every_status_is_kept_with_its_event(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    created = await _submit(http, token)
    rid = created["registration_id"]
    response = await http.post(
        f"/registrations/{rid}/approve", headers=bearer(token("unit_head", "p-kim-giang"))
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "approved"
    assert [h["status"] for h in body["history"]] == ["submitted", "approved"]
    assert await _events(mongo, namespace, rid) == ["registration.submitted", "registration.status_changed"]
    doc = await mongo[f"{namespace}_registration"]["registrations"].find_one({"_id": rid})
    payload = doc["_outbox"][1]["envelope"]["payload"]
    assert (payload["from_status"], payload["to_status"]) == ("submitted", "approved")
    assert doc["_outbox_pending"] is True


async def test_an_officer_cannot_approve_and_a_head_of_another_ward_neither(
    http: httpx.AsyncClient, token: Any
) -> None:
    rid = (await _submit(http, token))["registration_id"]
    officer = await http.post(
        f"/registrations/{rid}/approve", headers=bearer(token("unit_officer", "p-kim-giang"))
    )
    other = await http.post(
        f"/registrations/{rid}/approve", headers=bearer(token("unit_head", "p-khuong-dinh"))
    )
    assert (officer.status_code, other.status_code) == (403, 403)


async def test_amending_the_title_sends_it_back_for_approval(http: httpx.AsyncClient, token: Any) -> None:
    rid = (await _submit(http, token))["registration_id"]
    await http.post(f"/registrations/{rid}/approve", headers=bearer(token("unit_head", "p-kim-giang")))
    response = await http.patch(
        f"/registrations/{rid}",
        json={"title_code": "tap_the_lao_dong_xuat_sac"},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["title_name"]) == (
        "submitted",
        "Tập thể lao động xuất sắc",
    )


async def test_amending_into_a_title_already_registered_is_409(http: httpx.AsyncClient, token: Any) -> None:
    rid = (await _submit(http, token))["registration_id"]
    await _submit(http, token, {**KIM_GIANG, "title_code": "tap_the_lao_dong_xuat_sac"})
    response = await http.patch(
        f"/registrations/{rid}",
        json={"title_code": "tap_the_lao_dong_xuat_sac"},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert (response.status_code, response.json()["error"]["code"]) == (409, "ALREADY_REGISTERED")


async def test_withdrawing_frees_the_title_for_a_new_registration(
    http: httpx.AsyncClient, token: Any
) -> None:
    rid = (await _submit(http, token))["registration_id"]
    response = await http.post(
        f"/registrations/{rid}/withdraw",
        json={"reason": "Đăng ký nhầm danh hiệu"},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert response.status_code == 200
    assert response.json()["history"][-1] == {
        "status": "withdrawn",
        "at": response.json()["history"][-1]["at"],
        "by": "tester",
        "reason": "Đăng ký nhầm danh hiệu",
    }
    again = await http.post(
        f"/registrations/{rid}/approve", headers=bearer(token("unit_head", "p-kim-giang"))
    )
    assert (again.status_code, again.json()["error"]["code"]) == (409, "INVALID_STATUS")
    assert "Đã rút" in again.json()["error"]["message"]
    await _submit(http, token)  # the same title may be registered again


async def test_after_the_deadline_the_registration_is_locked(
    http: httpx.AsyncClient, token: Any, clock: Any
) -> None:
    rid = (await _submit(http, token))["registration_id"]
    clock.now = AFTER_DEADLINE
    read = await http.get(f"/registrations/{rid}", headers=bearer(token("unit_officer", "p-kim-giang")))
    assert read.json()["locked"] is True
    for method, path, body in [
        ("POST", f"/registrations/{rid}/approve", None),
        ("POST", f"/registrations/{rid}/withdraw", {}),
        ("PATCH", f"/registrations/{rid}", {"title_code": "co_thi_dua_thanh_pho"}),
    ]:
        response = await http.request(method, path, json=body, headers=bearer(token("admin", "ha-noi")))
        assert response.status_code == 409, (path, response.text)
        assert response.json()["error"]["code"] == "REGISTRATION_LOCKED"
        assert "05/02/2020" in response.json()["error"]["message"]


async def test_only_the_receiving_standing_office_accepts_a_late_registration_with_a_reason(
    http: httpx.AsyncClient, token: Any, clock: Any, mongo: Any, namespace: str
) -> None:
    clock.now = AFTER_DEADLINE
    late = {**KIM_GIANG, "reason": "Phường gửi công văn giải trình ngày 06/02/2020"}
    assert (
        await http.post(
            f"{ROUND}/registrations", json=KIM_GIANG, headers=bearer(token("unit_officer", "p-kim-giang"))
        )
    ).status_code == 409
    for role, unit in [
        ("unit_officer", "p-kim-giang"),
        ("standing_office", "q-hoang-mai"),
        ("standing_office", "ha-noi"),
    ]:
        refused = await http.post(f"{ROUND}/late-registrations", json=late, headers=bearer(token(role, unit)))
        assert refused.status_code == 403, (role, unit)
    response = await http.post(
        f"{ROUND}/late-registrations", json=late, headers=bearer(token("standing_office", "q-thanh-xuan"))
    )
    assert response.status_code == 201, response.text
    assert response.json()["late_reason"] == "Phường gửi công văn giải trình ngày 06/02/2020"
    doc = await mongo[f"{namespace}_registration"]["registrations"].find_one(
        {"_id": response.json()["registration_id"]}
    )
    assert doc["_outbox"][0]["envelope"]["payload"]["late_reason"] == late["reason"]


async def test_late_acceptance_is_refused_while_the_round_is_open_and_without_a_reason(
    http: httpx.AsyncClient, token: Any
) -> None:
    office = bearer(token("standing_office", "q-thanh-xuan"))
    early = await http.post(
        f"{ROUND}/late-registrations", json={**KIM_GIANG, "reason": "Lý do bất kỳ"}, headers=office
    )
    assert (early.status_code, early.json()["error"]["code"]) == (409, "ROUND_STILL_OPEN")
    missing = await http.post(f"{ROUND}/late-registrations", json=KIM_GIANG, headers=office)
    assert missing.status_code == 422
    assert missing.json()["error"]["fields"][0]["field"] == "reason"


async def test_lists_are_filtered_paginated_and_searchable_without_accents(
    http: httpx.AsyncClient, token: Any
) -> None:
    for unit in ("p-kim-giang", "p-khuong-dinh", "p-khuong-mai", "p-thanh-xuan-bac"):
        await _submit(http, token, {"unit_id": unit, "title_code": "tap_the_lao_dong_tien_tien"})
    district = bearer(token("standing_office", "q-thanh-xuan"))
    page = (await http.get("/registrations?round_id=dk-2020-q-thanh-xuan&limit=3", headers=district)).json()
    assert (page["total"], len(page["items"])) == (4, 3)
    rest = (
        await http.get("/registrations?round_id=dk-2020-q-thanh-xuan&limit=3&skip=3", headers=district)
    ).json()
    assert len(rest["items"]) == 1
    found = (await http.get("/registrations?q=KHUONG", headers=district)).json()
    assert {i["unit_name"] for i in found["items"]} == {"Phường Khương Đình", "Phường Khương Mai"}
    found = (await http.get("/registrations?q=thanh xuan bac", headers=district)).json()
    assert [i["unit_id"] for i in found["items"]] == ["p-thanh-xuan-bac"]
    ward = (await http.get("/registrations", headers=bearer(token("unit_officer", "p-kim-giang")))).json()
    assert [i["unit_id"] for i in ward["items"]] == ["p-kim-giang"]
    other = (await http.get("/registrations", headers=bearer(token("standing_office", "q-hoang-mai")))).json()
    assert other == {"total": 0, "items": []}


async def test_the_filtered_list_exports_to_xlsx_with_vietnamese_text(
    http: httpx.AsyncClient, token: Any
) -> None:
    import io

    from openpyxl import load_workbook

    for unit in ("p-kim-giang", "p-khuong-dinh"):
        await _submit(http, token, {"unit_id": unit, "title_code": "co_thi_dua_thanh_pho"})
    response = await http.get(
        "/registrations.xlsx?round_id=dk-2020-q-thanh-xuan&q=khuong",
        headers=bearer(token("standing_office", "q-thanh-xuan")),
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[3]] == [
        "STT",
        "Đơn vị",
        "Danh hiệu đăng ký",
        "Trạng thái",
        "Thời điểm gửi",
        "Lý do nhận muộn",
    ]
    assert [c.value for c in sheet[4]][:4] == [1, "Phường Khương Đình", "Cờ thi đua Thành phố", "Đã gửi"]
    assert sheet.max_row == 4


async def test_a_draft_is_the_units_own_until_the_officer_sends_it(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str, clock: Any
) -> None:
    officer = bearer(token("unit_officer", "p-kim-giang"))
    district = bearer(token("standing_office", "q-thanh-xuan"))
    drafted = await http.post(f"{ROUND}/registrations", json={**KIM_GIANG, "draft": True}, headers=officer)
    assert drafted.status_code == 201, drafted.text
    rid = drafted.json()["registration_id"]
    assert drafted.json()["status"] == "draft"
    # the district neither lists nor reads it; the ward's head does
    assert (await http.get("/registrations?unit_id=p-kim-giang", headers=district)).json()["total"] == 0
    assert (await http.get(f"/registrations/{rid}", headers=district)).status_code == 403
    assert (
        await http.get(f"/registrations/{rid}", headers=bearer(token("unit_head", "p-kim-giang")))
    ).status_code == 200
    # a draft cannot be approved; amending keeps it a draft
    refused = await http.post(
        f"/registrations/{rid}/approve", headers=bearer(token("unit_head", "p-kim-giang"))
    )
    assert refused.status_code == 409
    amended = await http.patch(
        f"/registrations/{rid}", json={"title_code": "tap_the_lao_dong_xuat_sac"}, headers=officer
    )
    assert amended.json()["status"] == "draft"
    # only the unit's officer sends it
    assert (await http.post(f"/registrations/{rid}/submit", headers=district)).status_code == 403
    clock.now = datetime(2020, 2, 1, 3, 0, tzinfo=UTC)
    sent = await http.post(f"/registrations/{rid}/submit", headers=officer)
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "submitted"
    assert sent.json()["submitted_at"].startswith("2020-02-01")
    assert [h["status"] for h in sent.json()["history"]] == ["draft", "draft", "submitted"]
    assert (await http.get("/registrations?unit_id=p-kim-giang", headers=district)).json()["total"] == 1
    assert await _events(mongo, namespace, rid) == [
        "registration.drafted",
        "registration.drafted",
        "registration.submitted",
    ]
    again = await http.post(f"/registrations/{rid}/submit", headers=officer)
    assert again.status_code == 409


async def test_a_discarded_draft_frees_its_title_and_tells_no_counter(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str, clock: Any
) -> None:
    officer = bearer(token("unit_officer", "p-kim-giang"))
    drafted = await http.post(f"{ROUND}/registrations", json={**KIM_GIANG, "draft": True}, headers=officer)
    rid = drafted.json()["registration_id"]
    discarded = await http.post(
        f"/registrations/{rid}/withdraw", json={"reason": "Nhầm danh hiệu"}, headers=officer
    )
    assert discarded.json()["status"] == "withdrawn"
    assert await _events(mongo, namespace, rid) == ["registration.drafted", "registration.draft_discarded"]
    assert (await http.post(f"{ROUND}/registrations", json=KIM_GIANG, headers=officer)).status_code == 201
    clock.now = AFTER_DEADLINE
    late_draft = await http.post(
        f"{ROUND}/registrations",
        json={**KIM_GIANG, "title_code": "tap_the_lao_dong_xuat_sac", "draft": True},
        headers=officer,
    )
    assert late_draft.status_code == 409
    late_with_draft_flag = await http.post(
        f"{ROUND}/late-registrations",
        json={**KIM_GIANG, "reason": "Công văn số 12", "draft": True},
        headers=bearer(token("standing_office", "q-thanh-xuan")),
    )
    assert late_with_draft_flag.status_code == 422
