"""Reading the tree over HTTP after the 2025 seed (2020 tree + 01/07/2025 restructuring), on the real server.

One seeded namespace is shared by this module's read-only tests; "today" is 01/01/2026.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit_testing.helpers import bearer
from registration import bootstrap
from registration.config import Settings
from registration.entrypoints.http import create_app
from registration.entrypoints.seed import seed

TODAY = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
OLD_PHU_LAM = ["ha-noi", "q-ha-dong", "p-phu-lam"]


@dataclass
class World:
    http: httpx.AsyncClient
    db: Any
    headers: dict[str, str]


@pytest.fixture(scope="module")
async def world(infra: Any) -> AsyncIterator[World]:
    namespace = f"t{uuid.uuid4().hex[:10]}"
    settings = Settings(
        kafka_bootstrap_servers=infra.kafka,
        mongodb_url=infra.mongodb,
        topic_namespace=f"{namespace}.",
        database_prefix=f"{namespace}_",
        environment="test",
        auth_mode="local",
        jwt_secret=DEV_JWT_SECRET,
    )
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    try:
        await seed(settings, None, tree="2025")
        app = create_app(settings, bootstrap.deps(settings, clock=lambda: TODAY))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reg") as http:
            yield World(http, raw[f"{namespace}_registration"], {})
    finally:
        await raw.drop_database(f"{namespace}_registration")
        await raw.close()


@pytest.fixture
def w(world: World, token: Any) -> World:
    world.headers = bearer(token("unit_officer", "p-kim-giang"))  # the tree is public to every user
    return world


async def _get(w: World, url: str, **params: Any) -> Any:
    response = await w.http.get(url, params=params, headers=w.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_2022_path_of_phu_lam_stays_under_ha_dong(w: World) -> None:
    unit = await _get(w, "/units/p-phu-lam", on="2022-05-01")
    assert unit["path"] == OLD_PHU_LAM
    assert (unit["parent_id"], unit["on"], unit["name"]) == ("q-ha-dong", "2022-05-01", "Phường Phú Lãm")


async def test_on_2026_the_new_ward_is_directly_under_the_city(w: World) -> None:
    unit = await _get(w, "/units/p-phu-luong-2025", on="2026-01-01")
    assert (unit["path"], unit["level"], unit["valid_from"]) == (
        ["ha-noi", "p-phu-luong-2025"],
        1,
        "2025-07-01",
    )
    assert (await _get(w, "/units/p-phu-luong-2025"))["on"] == "2026-01-01"  # default: today


async def test_a_merged_ward_is_shown_on_its_last_day_with_its_successor(w: World) -> None:
    unit = await _get(w, "/units/p-phu-lam")
    assert (unit["on"], unit["path"]) == ("2025-06-30", OLD_PHU_LAM)
    assert (unit["valid_to"], unit["successor_id"]) == ("2025-06-30", "p-phu-luong-2025")
    response = await w.http.get("/units/p-phu-lam", params={"on": "2026-01-01"}, headers=w.headers)
    assert response.status_code == 404
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("UNIT_NOT_VALID_ON", "on")
    assert error["message"] == (
        "Phường Phú Lãm đã sáp nhập vào Phường Phú Lương từ ngày 01/07/2025 nên không còn hoạt động "
        "vào ngày 01/01/2026."
    )
    missing = await w.http.get("/units/p-khong-co", headers=w.headers)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "UNKNOWN_UNIT")


@pytest.mark.parametrize("q", ["phu lam", "PHU LAM", "Phú Lãm", "  phú   LÃM ", "lam"])
async def test_search_ignores_case_and_diacritics(w: World, q: str) -> None:
    page = await _get(w, "/units", q=unicodedata.normalize("NFD", q), on="2022-05-01")
    assert [(u["unit_id"], u["path"]) for u in page["items"]] == [("p-phu-lam", OLD_PHU_LAM)]
    assert page["total"] == 1


async def test_search_follows_the_date(w: World) -> None:
    page = await _get(w, "/units", q="nguyen trai", on="2022-05-01")
    assert [u["path"] for u in page["items"]] == [["ha-noi", "q-ha-dong", "p-nguyen-trai"]]
    assert (await _get(w, "/units", q="nguyen trai"))["total"] == 0  # merged into Phường Hà Đông
    before = await _get(w, "/units", q="phu luong", on="2022-05-01")
    after = await _get(w, "/units", q="phu luong")
    assert [u["unit_id"] for u in before["items"]] == ["p-phu-luong"]
    assert [u["path"] for u in after["items"]] == [["ha-noi", "p-phu-luong-2025"]]


async def test_search_by_kind_and_parent_is_paginated(w: World) -> None:
    assert (await _get(w, "/units", kind="district", on="2022-05-01"))["total"] == 4
    assert (await _get(w, "/units", kind="district"))["total"] == 0
    wards = await _get(w, "/units", kind="ward")
    assert wards["total"] == 17
    last = await _get(w, "/units", kind="ward", limit=5, skip=15)
    assert [u["unit_id"] for u in last["items"]] == [u["unit_id"] for u in wards["items"][15:17]]
    assert (last["total"], last["limit"], last["skip"]) == (17, 5, 15)
    ha_dong = await _get(w, "/units", parent_id="q-ha-dong", on="2022-05-01", limit=100)
    assert ha_dong["total"] == 17
    assert {tuple(u["path"][:2]) for u in ha_dong["items"]} == {("ha-noi", "q-ha-dong")}
    page = await _get(w, "/units", parent_id="q-ha-dong", on="2022-05-01", limit=2, skip=1)
    assert [u["unit_id"] for u in page["items"]] == [u["unit_id"] for u in ha_dong["items"][1:3]]
    assert (await _get(w, "/units", q="(", on="2022-05-01"))["total"] == 0  # regex characters are literal


async def test_children_of_the_city_depend_on_the_date(w: World) -> None:
    before = await _get(w, "/units/ha-noi/children", on="2022-05-01")
    assert sorted(u["unit_id"] for u in before["items"]) == [
        "q-ha-dong",
        "q-hoan-kiem",
        "q-hoang-mai",
        "q-thanh-xuan",
    ]
    after = await _get(w, "/units/ha-noi/children")
    assert after["total"] == 17
    assert all(len(u["path"]) == 2 and u["kind"] == "ward" for u in after["items"])
    ended = await _get(w, "/units/q-ha-dong/children")  # like GET /units/q-ha-dong: on its last day
    assert (ended["total"], {u["on"] for u in ended["items"]}) == (17, {"2025-06-30"})
    missing = await w.http.get("/units/p-khong-co/children", headers=w.headers)
    assert missing.status_code == 404


async def test_the_restructuring_events_are_stored_with_the_documents(w: World) -> None:
    def types(doc: dict[str, Any]) -> list[str]:
        return [e["envelope"]["event_type"] for e in doc["_outbox"]]

    new = await w.db["units"].find_one({"_id": "p-phu-luong-2025"})
    assert types(new) == ["unit.created", "unit.merged"]
    assert new["_outbox"][1]["key"] == "p-phu-luong-2025"
    assert new["_outbox"][1]["envelope"]["payload"]["source_ids"] == ["p-phu-luong", "p-phu-lam"]
    assert (new["_outbox_seq"], new["_outbox_pending"]) == (2, True)
    for old in ("p-phu-lam", "q-ha-dong", "p-phuc-tan"):
        doc = await w.db["units"].find_one({"_id": old})
        assert types(doc) == ["unit.created", "unit.retired"], old
        assert doc["_outbox"][1]["envelope"]["payload"]["effective_date"] == "2025-07-01"


async def test_bad_query_parameters_are_422_in_vietnamese(w: World) -> None:
    response = await w.http.get(
        "/units", params={"on": "2022-13-01", "limit": 0, "kind": "tinh"}, headers=w.headers
    )
    assert response.status_code == 422
    fields = {f["field"]: f["message"] for f in response.json()["error"]["fields"]}
    assert set(fields) == {"on", "limit", "kind"}
    assert fields["limit"] == "Giá trị không hợp lệ (phải lớn hơn hoặc bằng 1)."
    assert fields["kind"].startswith("Giá trị không hợp lệ; chỉ chấp nhận:")
    assert "YYYY-MM-DD" in fields["on"]


async def test_reading_the_tree_needs_a_token(w: World) -> None:
    assert (await w.http.get("/units", params={"q": "phu lam"})).status_code == 401
    assert (await w.http.get("/units/ha-noi/children")).status_code == 401


async def _absent(w: World, url: str, **params: Any) -> dict[str, Any]:
    response = await w.http.get(url, params=params, headers=w.headers)
    assert response.status_code == 404, response.text
    error: dict[str, Any] = response.json()["error"]
    assert (error["code"], error["field"]) == ("UNIT_NOT_VALID_ON", "on")
    return error


async def test_a_ward_merged_in_2025_says_where_it_went(w: World) -> None:
    error = await _absent(w, "/units/p-kim-giang", on="2026-01-01")
    assert error["message"] == (
        "Phường Kim Giang đã sáp nhập vào Phường Khương Đình từ ngày 01/07/2025 nên không còn hoạt động "
        "vào ngày 01/01/2026."
    )
    details = error["details"]
    assert (details["unit_id"], details["name"], details["on"], details["status"]) == (
        "p-kim-giang",
        "Phường Kim Giang",
        "2026-01-01",
        "ended",
    )
    assert (details["valid_from"], details["valid_to"]) == ("2008-08-01", "2025-06-30")
    ended = details["ended"]
    assert (ended["effective_date"], ended["kind"]) == ("2025-07-01", "merge")
    assert ended["operation_id"].startswith("merge:p-khuong-dinh-2025:2025-07-01:")
    assert details["successor"] == {"unit_id": "p-khuong-dinh-2025", "name": "Phường Khương Đình"}
    assert details["successors"] == [
        {
            "unit_id": "p-khuong-dinh-2025",
            "name": "Phường Khương Đình",
            "valid_from": "2025-07-01",
            "valid_to": None,
            "kind": "merge",
            "operation_id": ended["operation_id"],
        }
    ]
    assert details["started"] is None


async def test_a_ward_merged_into_a_namesake_names_the_successor_by_its_code(w: World) -> None:
    error = await _absent(w, "/units/p-khuong-dinh", on="2026-01-01")
    assert error["message"].startswith(
        "Phường Khương Đình đã sáp nhập vào Phường Khương Đình (mã p-khuong-dinh-2025) từ ngày 01/07/2025"
    )


async def test_a_retired_district_says_it_has_no_successor(w: World) -> None:
    error = await _absent(w, "/units/q-thanh-xuan", on="2026-01-01")
    assert error["message"] == (
        "Quận Thanh Xuân đã kết thúc hoạt động từ ngày 01/07/2025 (giải thể, không có đơn vị kế thừa) "
        "nên không còn hoạt động vào ngày 01/01/2026."
    )
    details = error["details"]
    assert details["ended"] == {
        "effective_date": "2025-07-01",
        "kind": "retire",
        "operation_id": "retire:q-thanh-xuan:2025-07-01",
    }
    assert (details["successor"], details["successors"]) == (None, [])
    # Its children on a day it no longer existed answer the same way.
    children = await _absent(w, "/units/q-thanh-xuan/children", on="2026-01-01")
    assert children == error


async def test_a_merged_ward_on_a_day_before_it_existed_names_its_sources(w: World) -> None:
    error = await _absent(w, "/units/p-khuong-dinh-2025", on="2022-05-01")
    assert error["message"] == (
        "Phường Khương Đình được thành lập từ ngày 01/07/2025 trên cơ sở sáp nhập Phường Hạ Đình, "
        "Phường Khương Đình và Phường Kim Giang nên chưa hoạt động vào ngày 01/05/2022."
    )
    details = error["details"]
    assert (details["status"], details["ended"], details["successor"]) == ("not_started", None, None)
    started = details["started"]
    assert (started["effective_date"], started["kind"]) == ("2025-07-01", "merge")
    assert started["operation_id"].startswith("merge:p-khuong-dinh-2025:2025-07-01:")
    assert started["sources"] == [
        {"unit_id": "p-ha-dinh", "name": "Phường Hạ Đình"},
        {"unit_id": "p-khuong-dinh", "name": "Phường Khương Đình"},
        {"unit_id": "p-kim-giang", "name": "Phường Kim Giang"},
    ]
    children = await _absent(w, "/units/p-khuong-dinh-2025/children", on="2022-05-01")
    assert children == error


async def test_a_unit_seeded_with_its_start_date_says_when_it_started(w: World) -> None:
    error = await _absent(w, "/units/q-thanh-xuan", on="2001-01-01")
    assert error["message"] == (
        "Quận Thanh Xuân bắt đầu hoạt động từ ngày 01/08/2008 nên chưa hoạt động vào ngày 01/01/2001."
    )
    assert error["details"]["started"] == {
        "effective_date": "2008-08-01",
        "kind": None,
        "operation_id": None,
        "sources": [],
    }


@pytest.mark.parametrize("q", ["thanh xuan", "Thanh Xuân", "THANH XUÂN"])
async def test_search_for_thanh_xuan_includes_the_past_trees_when_asked(w: World, q: str) -> None:
    q = unicodedata.normalize("NFD", q)
    today = await _get(w, "/units", q=q)
    assert [u["unit_id"] for u in today["items"]] == ["p-thanh-xuan-2025"]
    assert (today["total"], today["ended_total"]) == (1, 4)  # a hint that past units match
    assert today["items"][0]["label"] == "Phường Thanh Xuân"

    page = await _get(w, "/units", q=q, include_past="true")
    assert (page["total"], page["ended_total"]) == (5, 4)
    got = {u["unit_id"]: u for u in page["items"]}
    assert list(got) == [
        "p-thanh-xuan-2025",
        "p-thanh-xuan-bac",
        "p-thanh-xuan-nam",
        "p-thanh-xuan-trung",
        "q-thanh-xuan",
    ]
    district = got["q-thanh-xuan"]
    assert district["label"] == "Quận Thanh Xuân (đến 30/06/2025)"
    assert (district["valid_from"], district["valid_to"], district["on"]) == (
        "2008-08-01",
        "2025-06-30",
        "2025-06-30",
    )
    assert (district["successor_id"], district["successor_name"], district["path"]) == (
        None,
        None,
        ["ha-noi", "q-thanh-xuan"],
    )
    ward = got["p-thanh-xuan-bac"]
    assert ward["label"] == "Phường Thanh Xuân Bắc (đến 30/06/2025)"
    assert (ward["successor_id"], ward["successor_name"]) == ("p-thanh-xuan-2025", "Phường Thanh Xuân")
    assert ward["path"] == ["ha-noi", "q-thanh-xuan", "p-thanh-xuan-bac"]
    new = got["p-thanh-xuan-2025"]
    assert (new["label"], new["on"], new["valid_to"], new["path"]) == (
        "Phường Thanh Xuân",
        "2026-01-01",
        None,
        ["ha-noi", "p-thanh-xuan-2025"],
    )


async def test_past_trees_stop_at_the_date_asked_and_filter_by_kind_and_parent(w: World) -> None:
    before = await _get(w, "/units", q="thanh xuan", on="2022-05-01", include_past="true")
    assert (before["total"], before["ended_total"]) == (4, 0)  # Phường Thanh Xuân of 2025 not yet
    assert [u["label"] for u in before["items"]] == [
        "Phường Thanh Xuân Bắc",
        "Phường Thanh Xuân Nam",
        "Phường Thanh Xuân Trung",
        "Quận Thanh Xuân",
    ]
    districts = await _get(w, "/units", kind="district", include_past="true")
    assert (districts["total"], districts["ended_total"]) == (4, 4)
    ha_dong = await _get(w, "/units", parent_id="q-ha-dong", include_past="true", limit=100)
    assert (ha_dong["total"], ha_dong["ended_total"]) == (17, 17)
    assert {u["on"] for u in ha_dong["items"]} == {"2025-06-30"}
    assert (await _get(w, "/units", parent_id="q-ha-dong"))["ended_total"] == 17
    page = await _get(w, "/units", parent_id="q-ha-dong", include_past="true", limit=2, skip=1)
    assert [u["unit_id"] for u in page["items"]] == [u["unit_id"] for u in ha_dong["items"][1:3]]


async def test_a_unit_read_without_a_date_after_it_ended_is_labelled_with_its_end(w: World) -> None:
    unit = await _get(w, "/units/p-kim-giang")
    assert (unit["on"], unit["label"]) == ("2025-06-30", "Phường Kim Giang (đến 30/06/2025)")
    assert (unit["successor_id"], unit["successor_name"]) == ("p-khuong-dinh-2025", "Phường Khương Đình")
    assert (await _get(w, "/units/p-kim-giang", on="2022-05-01"))["label"] == "Phường Kim Giang"
