"""Units over time on the 2020 seed tree: where a unit went (chains of merges) and past trees in search."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from emutrack_kit_testing.helpers import bearer

ADMIN = ("admin", "ha-noi")


def _merge(sources: list[str], unit_id: str, name: str, day: str) -> dict[str, Any]:
    new_unit = {"unit_id": unit_id, "name": name, "kind": "ward", "parent_id": "ha-noi"}
    return {"kind": "merge", "source_ids": sources, "new_unit": new_unit, "effective_date": day}


async def _restructure(http: httpx.AsyncClient, token: Any, body: dict[str, Any]) -> str:
    response = await http.post("/restructurings", json=body, headers=bearer(token(*ADMIN)))
    assert response.status_code == 201, response.text
    operation_id: str = response.json()["operation_id"]
    return operation_id


async def _absent(http: httpx.AsyncClient, token: Any, unit_id: str, on: str) -> dict[str, Any]:
    response = await http.get(
        f"/units/{unit_id}", params={"on": on}, headers=bearer(token("viewer", "ha-noi"))
    )
    assert response.status_code == 404, response.text
    error: dict[str, Any] = response.json()["error"]
    assert (error["code"], error["field"]) == ("UNIT_NOT_VALID_ON", "on")
    return error


async def test_a_chain_of_merges_is_followed_to_the_unit_of_the_day(
    http: httpx.AsyncClient, token: Any
) -> None:
    first = await _restructure(
        http,
        token,
        _merge(["p-kim-giang", "p-ha-dinh"], "p-kim-giang-2024", "Phường Kim Giang", "2024-01-01"),
    )
    second = await _restructure(
        http,
        token,
        _merge(
            ["p-kim-giang-2024", "p-khuong-dinh"], "p-khuong-dinh-2025", "Phường Khương Đình", "2025-07-01"
        ),
    )

    early = await _absent(http, token, "p-kim-giang", "2024-06-01")  # the first successor still exists
    assert early["message"] == (
        "Phường Kim Giang đã sáp nhập vào Phường Kim Giang (mã p-kim-giang-2024) từ ngày 01/01/2024 nên "
        "không còn hoạt động vào ngày 01/06/2024."
    )
    assert early["details"]["successor"] == {"unit_id": "p-kim-giang-2024", "name": "Phường Kim Giang"}
    assert [s["unit_id"] for s in early["details"]["successors"]] == ["p-kim-giang-2024"]

    late = await _absent(http, token, "p-kim-giang", "2026-01-01")
    assert late["message"] == (
        "Phường Kim Giang đã sáp nhập vào Phường Kim Giang (mã p-kim-giang-2024) từ ngày 01/01/2024, "
        "sau đó Phường Kim Giang (mã p-kim-giang-2024) sáp nhập vào Phường Khương Đình từ ngày 01/07/2025, "
        "nên không còn hoạt động vào ngày 01/01/2026."
    )
    details = late["details"]
    assert details["ended"] == {"effective_date": "2024-01-01", "kind": "merge", "operation_id": first}
    assert details["successor"] == {"unit_id": "p-khuong-dinh-2025", "name": "Phường Khương Đình"}
    assert details["successors"] == [
        {
            "unit_id": "p-kim-giang-2024",
            "name": "Phường Kim Giang",
            "valid_from": "2024-01-01",
            "valid_to": "2025-06-30",
            "kind": "merge",
            "operation_id": first,
        },
        {
            "unit_id": "p-khuong-dinh-2025",
            "name": "Phường Khương Đình",
            "valid_from": "2025-07-01",
            "valid_to": None,
            "kind": "merge",
            "operation_id": second,
        },
    ]

    retired = await _restructure(
        http, token, {"kind": "retire", "unit_id": "p-khuong-dinh-2025", "effective_date": "2027-01-01"}
    )
    gone = await _absent(http, token, "p-kim-giang", "2027-03-01")
    assert gone["message"].endswith(
        ", sau đó Phường Khương Đình kết thúc hoạt động từ ngày 01/01/2027 (giải thể, không có đơn vị kế "
        "thừa), nên không còn hoạt động vào ngày 01/03/2027."
    )
    assert gone["details"]["successor"] is None
    assert [s["unit_id"] for s in gone["details"]["successors"]] == ["p-kim-giang-2024", "p-khuong-dinh-2025"]
    assert gone["details"]["successors"][-1]["valid_to"] == "2026-12-31"
    assert retired == "retire:p-khuong-dinh-2025:2027-01-01"


async def test_on_the_2020_tree_a_unit_past_its_end_says_no_restructuring_is_recorded(
    http: httpx.AsyncClient, token: Any
) -> None:
    error = await _absent(http, token, "p-kim-giang", "2026-01-01")
    assert error["message"] == (
        "Phường Kim Giang hoạt động đến hết ngày 30/06/2025 (chưa ghi nhận việc sắp xếp hay đơn vị kế "
        "thừa) nên không còn hoạt động vào ngày 01/01/2026."
    )
    assert error["details"]["ended"] == {"effective_date": "2025-07-01", "kind": None, "operation_id": None}
    assert (error["details"]["successor"], error["details"]["successors"]) == (None, [])


async def test_on_the_2020_tree_in_2026_thanh_xuan_is_found_among_past_units(
    http: httpx.AsyncClient, token: Any, clock: Any
) -> None:
    clock.now = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    headers = bearer(token("unit_officer", "p-kim-giang"))
    today = await http.get("/units", params={"q": "thanh xuan"}, headers=headers)
    assert today.status_code == 200, today.text
    assert (today.json()["total"], today.json()["ended_total"]) == (0, 4)
    past = await http.get("/units", params={"q": "thanh xuân", "include_past": "true"}, headers=headers)
    assert past.status_code == 200, past.text
    items = past.json()["items"]
    assert [u["label"] for u in items] == [
        "Phường Thanh Xuân Bắc (đến 30/06/2025)",
        "Phường Thanh Xuân Nam (đến 30/06/2025)",
        "Phường Thanh Xuân Trung (đến 30/06/2025)",
        "Quận Thanh Xuân (đến 30/06/2025)",
    ]
    assert {(u["valid_to"], u["successor_id"]) for u in items} == {("2025-06-30", None)}
    bad = await http.get("/units", params={"include_past": "maybe"}, headers=headers)
    assert bad.status_code == 422
    assert [(f["field"], f["message"]) for f in bad.json()["error"]["fields"]] == [
        ("include_past", "Giá trị không hợp lệ (chỉ nhận true hoặc false)."),
    ]
