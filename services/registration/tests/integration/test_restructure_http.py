"""POST /restructurings on the real database (2020 seed tree): effects, events, authorization, refusals."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import httpx
import pytest

from emutrack_kit_testing.helpers import bearer
from registration.config import Settings
from registration.domain.org import ParentLink, Unit
from registration.entrypoints.seed import seed
from registration.usecases import units
from registration.usecases.context import Context

URL = "/restructurings"
NEW_WARD = {"unit_id": "p-phu-luong-2025", "name": "Phường Phú Lương", "kind": "ward", "parent_id": "ha-noi"}
MERGE = {
    "kind": "merge",
    "source_ids": ["p-phu-lam", "p-phu-luong"],
    "new_unit": NEW_WARD,
    "effective_date": "2025-07-01",
}


def _move(unit_id: str, parent_id: str, day: str) -> dict[str, str]:
    return {"kind": "move", "unit_id": unit_id, "parent_id": parent_id, "effective_date": day}


def _retire(unit_id: str, day: str) -> dict[str, str]:
    return {"kind": "retire", "unit_id": unit_id, "effective_date": day}


ENGLISH = re.compile(r"\b(should|Input|Field|required|valid)\b")


async def _outbox(mongo: Any, namespace: str, unit_id: str) -> list[str]:
    doc = await mongo[f"{namespace}_registration"]["units"].find_one({"_id": unit_id})
    return [e["envelope"]["event_type"] for e in doc["_outbox"]]


async def _path(http: httpx.AsyncClient, token: Any, unit_id: str, on: str) -> list[str]:
    response = await http.get(
        f"/units/{unit_id}", params={"on": on}, headers=bearer(token("viewer", "ha-noi"))
    )
    assert response.status_code == 200, response.text
    path: list[str] = response.json()["path"]
    return path


async def test_the_city_admin_merges_wards_and_the_events_ride_on_the_documents(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    admin = bearer(token("admin", "ha-noi", subject="admin-ha-noi"))
    response = await http.post(URL, json=MERGE, headers=admin)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["kind"], body["replayed"], body["effective_date"]) == ("merge", False, "2025-07-01")
    assert body["unit_ids"] == ["p-phu-lam", "p-phu-luong", "p-phu-luong-2025"]
    assert body["event_types"] == ["unit.retired", "unit.retired", "unit.created", "unit.merged"]
    assert await _outbox(mongo, namespace, "p-phu-luong-2025") == ["unit.created", "unit.merged"]
    assert await _outbox(mongo, namespace, "p-phu-lam") == ["unit.created", "unit.retired"]
    doc = await mongo[f"{namespace}_registration"]["units"].find_one({"_id": "p-phu-lam"})
    assert doc["_outbox"][1]["envelope"]["actor"] == "admin-ha-noi"
    assert (doc["_outbox_seq"], doc["_outbox_pending"]) == (2, True)

    assert await _path(http, token, "p-phu-lam", "2022-05-01") == ["ha-noi", "q-ha-dong", "p-phu-lam"]
    assert await _path(http, token, "p-phu-luong-2025", "2026-01-01") == ["ha-noi", "p-phu-luong-2025"]

    again = await http.post(URL, json=MERGE, headers=admin)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == {**body, "replayed": True}  # the first answer
    assert await _outbox(mongo, namespace, "p-phu-lam") == ["unit.created", "unit.retired"]


async def test_a_merge_moves_the_children_of_its_sources_to_the_new_unit(
    http: httpx.AsyncClient, deps: Context, token: Any, mongo: Any, namespace: str
) -> None:
    start = date(2010, 9, 1)
    school = Unit(
        "th-phu-lam", "Trường Tiểu học Phú Lãm", "school", 3, start, None, (ParentLink("p-phu-lam", start),)
    )
    assert await units.add_unit(deps, school)
    response = await http.post(URL, json=MERGE, headers=bearer(token("admin", "ha-noi")))
    assert response.status_code == 201, response.text
    assert "th-phu-lam" in response.json()["unit_ids"]
    assert await _outbox(mongo, namespace, "th-phu-lam") == ["unit.created", "unit.moved"]
    assert await _path(http, token, "th-phu-lam", "2022-05-01") == [
        "ha-noi",
        "q-ha-dong",
        "p-phu-lam",
        "th-phu-lam",
    ]
    assert await _path(http, token, "th-phu-lam", "2026-01-01") == [
        "ha-noi",
        "p-phu-luong-2025",
        "th-phu-lam",
    ]
    children = await http.get(
        "/units/p-phu-luong-2025/children",
        params={"on": "2026-01-01"},
        headers=bearer(token("viewer", "ha-noi")),
    )
    assert [u["unit_id"] for u in children.json()["items"]] == ["th-phu-lam"]


async def test_a_district_admin_restructures_inside_its_district_only(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    admin = bearer(token("admin", "q-thanh-xuan"))
    response = await http.post(URL, json=MERGE, headers=admin)
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "FORBIDDEN_UNIT",
        "message": "Tài khoản của bạn không có quyền thay đổi cơ cấu tổ chức của đơn vị 'Phường Phú Lãm'.",
        "field": "source_ids.0",
    }
    assert await _outbox(mongo, namespace, "p-phu-lam") == ["unit.created"]
    assert await mongo[f"{namespace}_registration"]["units"].find_one({"_id": "p-phu-luong-2025"}) is None
    response = await http.post(URL, json=_move("p-kim-giang", "q-ha-dong", "2024-01-01"), headers=admin)
    assert (response.status_code, response.json()["error"]["field"]) == (403, "parent_id")
    assert (await http.post(URL, json=_retire("p-van-quan", "2025-07-01"), headers=admin)).status_code == 403

    own = {
        "kind": "merge",
        "source_ids": ["p-kim-giang", "p-ha-dinh"],
        "new_unit": {
            "unit_id": "p-kim-giang-ha-dinh",
            "name": "Phường Kim Giang - Hạ Đình",
            "kind": "ward",
            "parent_id": "q-thanh-xuan",
        },
        "effective_date": "2024-01-01",
    }
    response = await http.post(URL, json=own, headers=admin)
    assert response.status_code == 201, response.text
    path = await _path(http, token, "p-kim-giang-ha-dinh", "2024-06-01")
    assert path == ["ha-noi", "q-thanh-xuan", "p-kim-giang-ha-dinh"]


@pytest.mark.parametrize("role", ["unit_officer", "unit_head", "standing_office", "council_chair", "viewer"])
async def test_only_admins_restructure(http: httpx.AsyncClient, token: Any, role: str) -> None:
    response = await http.post(URL, json=MERGE, headers=bearer(token(role, "ha-noi")))
    assert (response.status_code, response.json()["error"]["code"]) == (403, "FORBIDDEN_UNIT")


async def test_no_token_is_401(http: httpx.AsyncClient) -> None:
    response = await http.post(URL, json=MERGE)
    assert (response.status_code, response.json()["error"]["code"]) == (401, "UNAUTHENTICATED")


async def test_move_and_retire(http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str) -> None:
    admin = bearer(token("admin", "ha-noi"))
    response = await http.post(URL, json=_move("p-kim-giang", "q-hoang-mai", "2024-01-01"), headers=admin)
    assert (response.status_code, response.json()["event_types"]) == (201, ["unit.moved"])
    assert await _path(http, token, "p-kim-giang", "2023-12-31") == ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
    assert await _path(http, token, "p-kim-giang", "2024-01-01") == ["ha-noi", "q-hoang-mai", "p-kim-giang"]
    assert await _outbox(mongo, namespace, "p-kim-giang") == ["unit.created", "unit.moved"]

    busy = await http.post(URL, json=_retire("q-ha-dong", "2024-01-01"), headers=admin)
    assert (busy.status_code, busy.json()["error"]["code"]) == (409, "UNIT_HAS_CHILDREN")
    response = await http.post(URL, json=_retire("p-phuc-tan", "2025-07-01"), headers=admin)
    assert (response.status_code, response.json()["event_types"]) == (201, ["unit.retired"])
    assert await _outbox(mongo, namespace, "p-phuc-tan") == ["unit.created", "unit.retired"]


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({**MERGE, "source_ids": ["p-phu-lam", "p-khong-co"]}, 422, "UNKNOWN_UNIT", "source_ids.1"),
        (_move("p-kim-giang", "p-kim-giang", "2024-01-01"), 422, "MOVE_UNDER_ITSELF", "parent_id"),
        (_move("q-thanh-xuan", "p-kim-giang", "2024-01-01"), 422, "MOVE_UNDER_ITSELF", "parent_id"),
        (_retire("p-phu-lam", "2001-01-01"), 422, "EFFECTIVE_DATE_BEFORE_UNIT", "effective_date"),
        ({**MERGE, "effective_date": "2026-01-01"}, 409, "UNIT_ALREADY_RETIRED", "source_ids.0"),
    ],
)  # fmt: skip
async def test_invalid_operations_are_refused(
    http: httpx.AsyncClient, token: Any, body: dict[str, Any], status: int, code: str, field: str
) -> None:
    response = await http.post(URL, json=body, headers=bearer(token("admin", "ha-noi")))
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert not ENGLISH.search(error["message"])


async def test_merging_a_ward_merged_before_is_409(http: httpx.AsyncClient, token: Any) -> None:
    admin = bearer(token("admin", "ha-noi"))
    assert (await http.post(URL, json=MERGE, headers=admin)).status_code == 201
    other = {**MERGE, "source_ids": ["p-phu-lam"], "new_unit": {**NEW_WARD, "unit_id": "p-khac"}}
    response = await http.post(URL, json=other, headers=admin)
    assert response.status_code == 409
    assert "đã sáp nhập vào 'p-phu-luong-2025'" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, {"kind": "Trường này là bắt buộc."}),
        ({"kind": "split"}, {"kind": "Giá trị không hợp lệ; chỉ chấp nhận: 'merge', 'move', 'retire'."}),
        ({"kind": "move", "unit_id": "p-kim-giang"},
         {"parent_id": "Trường này là bắt buộc.", "effective_date": "Trường này là bắt buộc."}),
        ({"kind": "merge", "source_ids": [], "effective_date": "2025-13-01", "status": "done",
          "new_unit": {**NEW_WARD, "unit_id": "Phú Lương", "name": " "}},
         {"source_ids": "Giá trị không hợp lệ (cần ít nhất 1 phần tử).",
          "new_unit.unit_id": "Giá trị không hợp lệ (mã đơn vị chỉ gồm chữ thường không dấu, chữ số và dấu "
                              "gạch nối, ví dụ p-phu-luong-2025).",
          "new_unit.name": "Không được để trống.",
          "effective_date": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
          "status": "Trường này không được phép gửi lên."}),
    ],
)  # fmt: skip
async def test_bad_bodies_are_422_field_by_field_in_vietnamese(
    http: httpx.AsyncClient, token: Any, body: dict[str, Any], expected: dict[str, str]
) -> None:
    response = await http.post(URL, json=body, headers=bearer(token("admin", "ha-noi")))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert {f["field"]: f["message"] for f in error["fields"]} == expected


async def test_the_2020_round_still_works_after_loading_the_2025_tree(
    http: httpx.AsyncClient, token: Any
) -> None:
    changed, _ = await seed(Settings(), None, tree="2025")
    assert changed == 17 + 60 + 4  # new wards, then every old ward and district ended
    assert await seed(Settings(), None, tree="2025") == (0, 7)  # idempotent
    response = await http.post(
        "/rounds/dk-2020-q-thanh-xuan/registrations",
        json={"unit_id": "p-kim-giang", "title_code": "tap_the_lao_dong_tien_tien"},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert response.status_code == 201, response.text
    assert response.json()["unit_path"] == ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
    assert await _path(http, token, "p-khuong-dinh-2025", "2026-01-01") == ["ha-noi", "p-khuong-dinh-2025"]
