"""Initiatives and exemplars over HTTP, on the real database."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from emutrack_kit_testing.helpers import bearer

INITIATIVES = "/rounds/sk-2020-2-q-thanh-xuan/initiatives"
EXEMPLARS = "/rounds/dh-2020-q-thanh-xuan/exemplars"
INITIATIVE = {
    "unit_id": "p-kim-giang",
    "title": "Số hóa sổ hộ tịch bằng mã QR",
    "field": "Cải cách hành chính",
    "authors": [
        {
            "full_name": "Nguyễn Thị Thịnh",
            "position": "Công chức Tư pháp - Hộ tịch",
            "contribution_percent": 70,
        },
        {"full_name": "Lê Văn Hùng", "contribution_percent": 30},
    ],
    "recognition_level": "cap_huyen",
    "applied_since": "2020-01-02",
    "summary": "Gắn mã QR cho từng sổ hộ tịch để tra cứu nhanh.",
    "benefits": "Giảm thời gian tra cứu từ 30 phút xuống 2 phút.",
}
EXEMPLAR = {
    "unit_id": "p-kim-giang",
    "category": "nguoi_tot_viec_tot",
    "subject_kind": "individual",
    "subject_name": "Trần Văn Bình",
    "subject_position": "Tổ trưởng tổ dân phố số 3",
    "subject_gender": "nam",
    "field": "Nhân đạo, từ thiện",
    "achievement": "Nhặt được ví có 20 triệu đồng, trả lại người đánh rơi.",
}


@pytest.fixture(autouse=True)
def in_may_2020(clock: Any) -> None:
    clock.now = datetime(2020, 5, 4, 3, 0, tzinfo=UTC)


def officer(token: Any, unit: str = "p-kim-giang") -> dict[str, str]:
    return bearer(token("unit_officer", unit))


async def test_a_ward_proposes_an_initiative_once_per_key_and_the_event_rides_along(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    headers = {**officer(token), "Idempotency-Key": "sk-kim-giang-qr"}
    first = await http.post(INITIATIVES, json=INITIATIVE, headers=headers)
    assert first.status_code == 201, first.text
    again = await http.post(INITIATIVES, json=INITIATIVE, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["submission_id"] == first.json()["submission_id"]
    body = first.json()
    assert body["status"] == "submitted"
    assert body["receiving_unit_id"] == "q-thanh-xuan"
    assert [a["full_name"] for a in body["authors"]] == ["Nguyễn Thị Thịnh", "Lê Văn Hùng"]

    collection = mongo[f"{namespace}_registration"]["submissions"]
    assert await collection.count_documents({}) == 1
    stored = await collection.find_one({"_id": body["submission_id"]})
    [entry] = stored["_outbox"]
    assert entry["envelope"]["event_type"] == "initiative.submitted"
    assert entry["envelope"]["payload"]["recognition_level"] == "cap_huyen"

    district = bearer(token("standing_office", "q-thanh-xuan"))
    found = (await http.get("/initiatives?q=so hoa ho tich&year=2020", headers=district)).json()
    assert found["total"] == 1
    by_author = (await http.get("/initiatives?q=nguyen thi thinh", headers=district)).json()
    assert by_author["total"] == 1
    assert (await http.get("/initiatives?unit_id=p-khuong-dinh", headers=district)).json()["total"] == 0
    sheet = load_workbook(io.BytesIO((await http.get("/initiatives.xlsx", headers=district)).content)).active
    assert sheet["C4"].value == "Số hóa sổ hộ tịch bằng mã QR"
    assert sheet["E4"].value == "Nguyễn Thị Thịnh, Lê Văn Hùng"


async def test_bad_initiatives_say_what_is_wrong_and_store_nothing(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    cases = [
        (
            {"authors": [{"full_name": "Nguyễn Văn A"}, {"full_name": "nguyen van a"}]},
            "DUPLICATE_AUTHOR",
            "authors[1].full_name",
        ),
        (
            {
                "authors": [
                    {"full_name": "A B", "contribution_percent": 80},
                    {"full_name": "C D", "contribution_percent": 40},
                ]
            },
            "CONTRIBUTIONS_OVER_100",
            "authors",
        ),
        ({"applied_since": "2020-12-01"}, "APPLIED_IN_FUTURE", "applied_since"),
        # A district's council recognises up to district scope: a city-wide claim goes to the city's round.
        ({"recognition_level": "cap_thanh_pho"}, "SCOPE_ABOVE_RECEIVER", "recognition_level"),
    ]
    for change, code, field in cases:
        response = await http.post(INITIATIVES, json={**INITIATIVE, **change}, headers=officer(token))
        assert response.status_code == 422, response.text
        assert (response.json()["error"]["code"], response.json()["error"]["field"]) == (code, field)
    no_level = await http.post(
        INITIATIVES, json={**INITIATIVE, "recognition_level": "quoc_te"}, headers=officer(token)
    )
    assert no_level.status_code == 422
    wrong_round = await http.post(
        EXEMPLARS.replace("exemplars", "initiatives"), json=INITIATIVE, headers=officer(token)
    )
    assert wrong_round.json()["error"]["code"] == "WRONG_ROUND_KIND"
    other_ward = await http.post(INITIATIVES, json=INITIATIVE, headers=officer(token, "p-khuong-dinh"))
    assert other_ward.status_code == 403
    outside = await http.post(
        INITIATIVES, json={**INITIATIVE, "unit_id": "p-dai-kim"}, headers=bearer(token("admin", "ha-noi"))
    )
    assert outside.json()["error"]["code"] == "UNIT_OUTSIDE_ROUND"
    assert await mongo[f"{namespace}_registration"]["submissions"].count_documents({}) == 0


async def test_an_exemplar_is_proposed_read_and_withdrawn_before_the_deadline(
    http: httpx.AsyncClient, token: Any, clock: Any
) -> None:
    created = await http.post(EXEMPLARS, json=EXEMPLAR, headers=officer(token))
    assert created.status_code == 201, created.text
    exemplar_id = created.json()["submission_id"]
    assert created.json()["category"] == "nguoi_tot_viec_tot"
    url = f"/exemplars/{exemplar_id}"
    assert (await http.get(url, headers=bearer(token("viewer", "q-thanh-xuan")))).status_code == 200
    assert (await http.get(url, headers=bearer(token("viewer", "q-hoang-mai")))).status_code == 403
    assert (await http.get(f"/initiatives/{exemplar_id}", headers=officer(token))).status_code == 404

    withdrawn = await http.post(
        url + "/withdraw", json={"reason": "Gia đình xin không nêu tên"}, headers=officer(token)
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "withdrawn"
    assert [h["status"] for h in withdrawn.json()["history"]] == ["submitted", "withdrawn"]
    twice = await http.post(url + "/withdraw", json={}, headers=officer(token))
    assert twice.status_code == 409

    clock.now = datetime(2020, 7, 2, 3, 0, tzinfo=UTC)
    late = await http.post(EXEMPLARS, json=EXEMPLAR, headers=officer(token))
    assert late.status_code == 409
    assert "30/06/2020" in late.json()["error"]["message"]
