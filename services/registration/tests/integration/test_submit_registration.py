"""Submitting a collective registration over HTTP, on the real database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from emutrack_kit_testing.helpers import bearer

URL = "/rounds/dk-2020-q-thanh-xuan/registrations"
KIM_GIANG = {"unit_id": "p-kim-giang", "title_code": "tap_the_lao_dong_tien_tien"}


async def test_a_ward_officer_registers_and_the_event_is_stored_with_it(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    response = await http.post(URL, json=KIM_GIANG, headers=bearer(token("unit_officer", "p-kim-giang")))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["unit_path"] == ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
    assert body["status"] == "submitted"
    assert body["title_name"] == "Tập thể lao động tiên tiến"

    stored = await mongo[f"{namespace}_registration"]["registrations"].find_one(
        {"_id": body["registration_id"]}
    )
    assert stored["_outbox_pending"] is True
    [entry] = stored["_outbox"]
    assert entry["key"] == "p-kim-giang"
    assert entry["envelope"]["event_type"] == "registration.submitted"
    assert entry["envelope"]["payload"]["receiving_unit_id"] == "q-thanh-xuan"
    assert entry["envelope"]["actor"] == "tester"


async def test_no_token_is_401(http: httpx.AsyncClient) -> None:
    response = await http.post(URL, json=KIM_GIANG)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"


async def test_a_forged_token_is_401(http: httpx.AsyncClient) -> None:
    from emutrack_kit.auth import mint_token

    forged = mint_token(
        subject="x",
        bindings=[("admin", "ha-noi")],
        secret="not-the-signing-key-of-emutrack-at-all",
        issuer="emutrack-local",
        audience="emutrack",
    )
    assert (await http.post(URL, json=KIM_GIANG, headers=bearer(forged))).status_code == 401


async def test_an_officer_of_another_ward_is_403_and_nothing_is_stored(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    response = await http.post(URL, json=KIM_GIANG, headers=bearer(token("unit_officer", "p-khuong-dinh")))
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "FORBIDDEN_UNIT",
        "message": "Tài khoản của bạn không có quyền thực hiện thao tác này cho đơn vị 'Phường Kim Giang'.",
        "field": "unit_id",
    }
    assert await mongo[f"{namespace}_registration"]["registrations"].count_documents({}) == 0


async def test_invalid_payload_is_422_naming_each_field(http: httpx.AsyncClient, token: Any) -> None:
    response = await http.post(
        URL, json={"unit_id": 7, "status": "approved"}, headers=bearer(token("unit_officer", "p-kim-giang"))
    )
    assert response.status_code == 422
    fields = {f["field"]: f for f in response.json()["error"]["fields"]}
    assert fields["unit_id"]["message"] == "Phải là một chuỗi ký tự."
    assert fields["title_code"]["message"] == "Trường này là bắt buộc."
    assert fields["status"]["message"] == "Trường này không được phép gửi lên."


async def test_after_the_deadline_the_error_names_the_deadline_and_the_receiver(
    http: httpx.AsyncClient, token: Any, clock: Any, mongo: Any, namespace: str
) -> None:
    clock.now = datetime(2020, 2, 5, 17, 0, tzinfo=UTC)  # 00:00 on 06/02 in Hà Nội
    response = await http.post(URL, json=KIM_GIANG, headers=bearer(token("unit_officer", "p-kim-giang")))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "DEADLINE_PASSED"
    assert "23:59 ngày 05/02/2020" in error["message"]
    assert "Quận Thanh Xuân" in error["message"]
    assert error["details"]["receiving_unit_id"] == "q-thanh-xuan"
    assert await mongo[f"{namespace}_registration"]["registrations"].count_documents({}) == 0


async def test_the_last_minute_before_the_deadline_is_accepted(
    http: httpx.AsyncClient, token: Any, clock: Any
) -> None:
    clock.now = datetime(2020, 2, 5, 16, 59, 0, tzinfo=UTC)  # 23:59 on 05/02 in Hà Nội
    response = await http.post(URL, json=KIM_GIANG, headers=bearer(token("unit_officer", "p-kim-giang")))
    assert response.status_code == 201


async def test_a_repeated_idempotency_key_returns_the_first_response_and_stores_one(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    headers = {**bearer(token("unit_officer", "p-kim-giang")), "Idempotency-Key": "dk-2020-kim-giang-1"}
    first = await http.post(URL, json=KIM_GIANG, headers=headers)
    second = await http.post(URL, json=KIM_GIANG, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert await mongo[f"{namespace}_registration"]["registrations"].count_documents({}) == 1


async def test_an_idempotency_key_reused_for_another_request_is_refused(
    http: httpx.AsyncClient, token: Any
) -> None:
    headers = {**bearer(token("unit_officer", "p-kim-giang")), "Idempotency-Key": "k"}
    assert (await http.post(URL, json=KIM_GIANG, headers=headers)).status_code == 201
    other = {**KIM_GIANG, "title_code": "tap_the_lao_dong_xuat_sac"}
    response = await http.post(URL, json=other, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_registering_twice_for_the_same_title_is_409(http: httpx.AsyncClient, token: Any) -> None:
    headers = bearer(token("unit_officer", "p-kim-giang"))
    assert (await http.post(URL, json=KIM_GIANG, headers=headers)).status_code == 201
    response = await http.post(URL, json=KIM_GIANG, headers=headers)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "ALREADY_REGISTERED"


async def test_unknown_and_individual_titles_are_refused_on_the_field(
    http: httpx.AsyncClient, token: Any
) -> None:
    headers = bearer(token("unit_officer", "p-kim-giang"))
    unknown = await http.post(URL, json={**KIM_GIANG, "title_code": "huan_chuong_vang"}, headers=headers)
    individual = await http.post(URL, json={**KIM_GIANG, "title_code": "lao_dong_tien_tien"}, headers=headers)
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (422, "UNKNOWN_TITLE")
    assert (individual.status_code, individual.json()["error"]["code"]) == (422, "TITLE_NOT_FOR_SUBJECT")
    assert individual.json()["error"]["field"] == "title_code"


async def test_a_ward_of_another_district_is_outside_the_round(http: httpx.AsyncClient, token: Any) -> None:
    response = await http.post(
        URL, json={**KIM_GIANG, "unit_id": "p-phu-lam"}, headers=bearer(token("admin", "ha-noi"))
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "UNIT_OUTSIDE_ROUND"


async def test_unknown_round_is_404_and_unknown_unit_is_422(http: httpx.AsyncClient, token: Any) -> None:
    headers = bearer(token("admin", "ha-noi"))
    assert (await http.post("/rounds/nope/registrations", json=KIM_GIANG, headers=headers)).status_code == 404
    response = await http.post(URL, json={**KIM_GIANG, "unit_id": "p-khong-co"}, headers=headers)
    assert (response.status_code, response.json()["error"]["field"]) == (422, "unit_id")


async def test_the_registration_is_readable_by_its_ward_and_district_not_by_another_ward(
    http: httpx.AsyncClient, token: Any
) -> None:
    created = await http.post(URL, json=KIM_GIANG, headers=bearer(token("unit_officer", "p-kim-giang")))
    path = f"/registrations/{created.json()['registration_id']}"
    assert (await http.get(path, headers=bearer(token("unit_head", "p-kim-giang")))).status_code == 200
    assert (await http.get(path, headers=bearer(token("standing_office", "q-thanh-xuan")))).status_code == 200
    assert (await http.get(path, headers=bearer(token("standing_office", "q-hoang-mai")))).status_code == 403
    assert (await http.get(path, headers=bearer(token("unit_officer", "p-nhan-chinh")))).status_code == 403


def test_clock_fixture_starts_inside_the_round(clock: Any) -> None:
    assert clock.now < datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC)
