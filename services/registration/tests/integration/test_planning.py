"""Movements, rounds and the task calendar over HTTP, on the real database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from emutrack_kit_testing.helpers import bearer

MOVEMENT = {
    "launching_unit_id": "q-thanh-xuan",
    "name": "Thi đua chuyên đề “Chuyển đổi số” năm 2020",
    "kind": "thematic",
    "theme": "Đẩy mạnh chuyển đổi số trong cải cách hành chính",
    "criteria": ["Tỷ lệ hồ sơ trực tuyến mức độ 4", "Số thủ tục được số hóa"],
    "starts_on": "2020-02-01",
    "ends_on": "2020-11-30",
    "targets": [
        {"description": "100% phường có dịch vụ công mức độ 4", "value": 100, "unit_of_measure": "%"}
    ],
}
ROUND = {
    "receiving_unit_id": "q-thanh-xuan",
    "name": "Đăng ký chuyên đề thi đua chuyển đổi số",
    "kind": "registration",
    "year": 2020,
    "opened_on": "2020-01-25",
    "deadline": "2020-02-15",
}


def office(token: Any, unit: str = "q-thanh-xuan") -> dict[str, str]:
    return bearer(token("standing_office", unit))


async def test_the_district_office_launches_a_movement_once_per_idempotency_key(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    headers = {**office(token), "Idempotency-Key": "mv-cds-2020"}
    first = await http.post("/movements", json=MOVEMENT, headers=headers)
    assert first.status_code == 201, first.text
    again = await http.post("/movements", json=MOVEMENT, headers=headers)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    body = first.json()
    assert body["launching_unit_name"] == "Quận Thanh Xuân"
    assert body["targets"][0]["value"] == 100

    stored = await mongo[f"{namespace}_registration"]["movements"].find_one({"_id": body["movement_id"]})
    [entry] = stored["_outbox"]
    assert entry["envelope"]["event_type"] == "movement.launched"
    assert entry["envelope"]["unit_path"] == ["ha-noi", "q-thanh-xuan"]

    other = await http.post("/movements", json={**MOVEMENT, "kind": "regular"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_only_the_level_itself_or_an_admin_above_launches(http: httpx.AsyncClient, token: Any) -> None:
    for role, unit in [
        ("unit_officer", "q-thanh-xuan"),
        ("standing_office", "ha-noi"),
        ("unit_head", "p-kim-giang"),
    ]:
        response = await http.post("/movements", json=MOVEMENT, headers=bearer(token(role, unit)))
        assert response.status_code == 403, (role, unit)
        assert response.json()["error"]["code"] == "NOT_LEVEL_OFFICE"
    assert (
        await http.post("/movements", json=MOVEMENT, headers=bearer(token("admin", "ha-noi")))
    ).status_code == 201


async def test_bad_movements_get_field_messages_and_nothing_is_stored(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    before = await mongo[f"{namespace}_registration"]["movements"].count_documents({})
    reversed_period = await http.post(
        "/movements", json={**MOVEMENT, "ends_on": "2020-01-01"}, headers=office(token)
    )
    assert reversed_period.status_code == 422
    assert reversed_period.json()["error"]["field"] == "ends_on"
    assert "01/01/2020" in reversed_period.json()["error"]["message"]
    no_criteria = await http.post("/movements", json={**MOVEMENT, "criteria": []}, headers=office(token))
    assert no_criteria.status_code == 422
    assert "criteria" in no_criteria.text
    unknown = await http.post(
        "/movements",
        json={**MOVEMENT, "launching_unit_id": "q-khong-co"},
        headers=bearer(token("admin", "ha-noi")),
    )
    assert unknown.status_code == 422
    assert await mongo[f"{namespace}_registration"]["movements"].count_documents({}) == before


async def test_movements_that_apply_to_a_ward_come_from_its_levels(
    http: httpx.AsyncClient, token: Any
) -> None:
    viewer = bearer(token("viewer", "p-kim-giang"))
    for_kim_giang = (await http.get("/movements?unit_id=p-kim-giang&year=2020", headers=viewer)).json()
    assert {m["kind"] for m in for_kim_giang} == {"regular", "by_phase", "thematic"}  # seeded by the district
    for_hoang_mai = (await http.get("/movements?unit_id=p-dai-kim&year=2020", headers=viewer)).json()
    assert for_hoang_mai == []
    assert (await http.get("/movements?year=2019", headers=viewer)).json() == []


async def test_a_round_is_opened_used_and_its_deadline_moved(
    http: httpx.AsyncClient, token: Any, clock: Any
) -> None:
    opened = await http.post("/rounds", json=ROUND, headers=office(token))
    assert opened.status_code == 201, opened.text
    round_id = opened.json()["round_id"]
    assert opened.json()["deadline"].startswith("2020-02-15T23:59:59")

    ward = bearer(token("unit_officer", "p-kim-giang"))
    listed = (await http.get("/rounds?unit_id=p-kim-giang&year=2020", headers=ward)).json()
    assert round_id in {r["round_id"] for r in listed}
    assert "dk-2020-q-thanh-xuan" in {r["round_id"] for r in listed}
    assert "dk-dh-2021-2025-q-hoang-mai" not in {r["round_id"] for r in listed}

    registration = {"unit_id": "p-kim-giang", "title_code": "tap_the_lao_dong_tien_tien"}
    assert (
        await http.post(f"/rounds/{round_id}/registrations", json=registration, headers=ward)
    ).status_code == 201

    moved = await http.put(
        f"/rounds/{round_id}/deadline", json={"deadline": "2020-02-01"}, headers=office(token)
    )
    assert moved.status_code == 200, moved.text
    clock.now = datetime(2020, 2, 3, 3, 0, tzinfo=UTC)
    late = await http.post(
        f"/rounds/{round_id}/registrations",
        json={"unit_id": "p-khuong-dinh", "title_code": "tap_the_lao_dong_tien_tien"},
        headers=bearer(token("unit_officer", "p-khuong-dinh")),
    )
    assert late.status_code == 409
    assert "01/02/2020" in late.json()["error"]["message"]
    assert "Quận Thanh Xuân" in late.json()["error"]["message"]

    ward_moves = await http.put(f"/rounds/{round_id}/deadline", json={"deadline": "2020-03-01"}, headers=ward)
    assert ward_moves.status_code == 403


async def test_bad_rounds_are_refused_with_the_field(http: httpx.AsyncClient, token: Any) -> None:
    cases = [
        ({"deadline": "2020-01-01"}, "deadline", "DEADLINE_BEFORE_OPENING"),
        ({"kind": "nomination"}, "award_kind", "UNKNOWN_AWARD_KIND"),
        ({"award_kind": "annual_merit"}, "award_kind", "AWARD_KIND_NOT_NOMINATION"),
        ({"period_from_year": 2020, "period_to_year": 2030}, "period_to_year", "BAD_PERIOD"),
        ({"movement_id": "mv-khong-co"}, "movement_id", "UNKNOWN_MOVEMENT"),
    ]
    for change, field, code in cases:
        response = await http.post("/rounds", json={**ROUND, **change}, headers=office(token))
        assert response.status_code in (404, 422), (change, response.text)
        assert response.json()["error"]["code"] == code
        assert response.json()["error"]["field"] == field
    hoang_mai_movement = await http.post(
        "/rounds",
        json={
            **ROUND,
            "receiving_unit_id": "q-hoang-mai",
            "movement_id": "mv-2020-q-thanh-xuan-nguoi-tot-viec-tot",
        },
        headers=office(token, "q-hoang-mai"),
    )
    assert hoang_mai_movement.json()["error"]["code"] == "MOVEMENT_OF_ANOTHER_LEVEL"


async def test_the_2020_calendar_is_imported_with_31_tasks_and_statuses(
    http: httpx.AsyncClient, token: Any, clock: Any
) -> None:
    viewer = bearer(token("viewer", "p-kim-giang"))
    [listed] = (await http.get("/calendars?year=2020", headers=viewer)).json()
    assert listed["calendar_id"] == "q-thanh-xuan-2020"
    assert listed["plan_number"] == "54/KH-HĐTĐKT"
    calendar = (await http.get("/calendars/q-thanh-xuan-2020", headers=viewer)).json()
    tasks = {t["number"]: t for t in calendar["tasks"]}
    assert len(tasks) == 31
    # the clock stands at 30/01/2020
    assert tasks[1]["status"] == "overdue"
    assert tasks[3]["status"] == "due_soon"
    assert tasks[28]["status"] == "upcoming"
    assert tasks[4]["executing_unit_ids"] == ["p-kim-giang"]

    done = await http.post(
        "/calendars/q-thanh-xuan-2020/tasks/1/completion",
        json={"note": "Đã tổ chức ngày 14/01"},
        headers=office(token),
    )
    assert done.status_code == 200, done.text
    first = next(t for t in done.json()["tasks"] if t["number"] == 1)
    assert first["status"] == "done"
    assert first["completion"]["note"] == "Đã tổ chức ngày 14/01"
    twice = await http.post("/calendars/q-thanh-xuan-2020/tasks/1/completion", json={}, headers=office(token))
    assert twice.status_code == 409
    by_ward = await http.post("/calendars/q-thanh-xuan-2020/tasks/2/completion", json={}, headers=viewer)
    assert by_ward.status_code == 403
    missing = await http.post(
        "/calendars/q-thanh-xuan-2020/tasks/99/completion", json={}, headers=office(token)
    )
    assert missing.status_code == 404
