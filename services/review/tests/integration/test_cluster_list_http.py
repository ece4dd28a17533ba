"""What the portal needs of clusters: those a caller may read, listed; an adjustment retried made once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from emutrack_contracts import samples
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from review import bootstrap
from review.config import Settings
from review.entrypoints.http import create_app

WARDS = ["p-kim-giang", "p-khuong-dinh", "p-ha-dinh", "p-khuong-mai"]
CRITERIA = {
    "sections": [
        {
            "section_id": "I",
            "title": "Nhiệm vụ chính trị",
            "criteria": [{"criterion_id": "I.1", "text": "Chỉ tiêu kinh tế - xã hội", "max_points": 100}],
        }
    ]
}


@pytest.fixture
async def http(service_env: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 11, 20, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    units = [
        ("ha-noi", "Thành phố Hà Nội", "city", []),
        ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ]
    units += [(w, f"Phường {w}", "ward", ["ha-noi", "q-thanh-xuan"]) for w in WARDS]
    for unit in units:
        await on["unit.created"](samples.unit_created(*unit), Position("t", 0, 0))
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as client:
        yield client


async def _cluster(http: httpx.AsyncClient, token: Any, name: str, year: int, members: list[str]) -> str:
    body = {"level_unit_id": "q-thanh-xuan", "name": name, "year": year, "member_ids": members,
            "head_id": members[0], "deputy_id": members[1]}  # fmt: skip
    created = await http.post(
        "/clusters", json=body, headers=bearer(token("standing_office", "q-thanh-xuan"))
    )
    assert created.status_code == 201, created.text
    return str(created.json()["cluster_id"])


async def test_a_member_and_the_level_list_their_clusters(http: httpx.AsyncClient, token: Any) -> None:
    first = await _cluster(http, token, "Cụm thi đua số 1 - Khương Đình", 2019, WARDS[:3])
    second = await _cluster(http, token, "Cụm thi đua số 2 - Phường Hạ Đình", 2020, WARDS[1:])
    head = bearer(token("cluster_head", WARDS[1]))
    assert (await http.put(f"/clusters/{second}/criteria", json=CRITERIA, headers=head)).status_code == 200

    member = (await http.get("/clusters", headers=bearer(token("unit_officer", "p-kim-giang")))).json()
    assert member["total"] == 1
    assert [(c["cluster_id"], c["stage"]) for c in member["items"]] == [(first, "new")]

    office = bearer(token("viewer", "q-thanh-xuan"))
    listed = (await http.get("/clusters", headers=office)).json()
    assert [c["cluster_id"] for c in listed["items"]] == [second, first]  # newest year first
    assert listed["items"][0]["stage"] == "criteria"
    assert listed["items"][0]["member_ids"] == WARDS[1:]
    assert listed["items"][0]["head_id"] == WARDS[1]

    found = (await http.get("/clusters", params={"q": "HA DINH"}, headers=office)).json()
    assert [c["cluster_id"] for c in found["items"]] == [second]
    paged = (await http.get("/clusters", params={"limit": 1, "skip": 1}, headers=office)).json()
    assert (paged["total"], [c["cluster_id"] for c in paged["items"]]) == (2, [first])
    by_year = (await http.get("/clusters", params={"year": 2019}, headers=office)).json()
    assert [c["cluster_id"] for c in by_year["items"]] == [first]

    outsider = await http.get("/clusters", headers=bearer(token("unit_officer", "p-dai-kim")))
    assert outsider.json() == {"total": 0, "items": []}
    # a ward's role does not read its district's clusters; the district's officer is no level reader
    assert (await http.get("/clusters", headers=bearer(token("unit_officer", "q-thanh-xuan")))).json()[
        "total"
    ] == 0
    refused = await http.get("/clusters", params={"limit": 0}, headers=office)
    assert refused.status_code == 422


async def test_an_adjustment_retried_under_its_key_is_made_once(http: httpx.AsyncClient, token: Any) -> None:
    cid = await _cluster(http, token, "Cụm thi đua số 3", 2020, WARDS)
    head = bearer(token("cluster_head", WARDS[0]))
    body = {"unit_id": WARDS[2], "delta": 1.5, "reason": "Thưởng phong trào hiến máu tình nguyện"}
    for _ in range(2):
        sent = await http.post(
            f"/clusters/{cid}/adjustments", json=body, headers={**head, "Idempotency-Key": "k1"}
        )
        assert sent.status_code == 200, sent.text
        assert len(sent.json()["adjustments"]) == 1
    other = await http.post(
        f"/clusters/{cid}/adjustments", json=body, headers={**head, "Idempotency-Key": "k2"}
    )
    assert len(other.json()["adjustments"]) == 2
    unkeyed = await http.post(f"/clusters/{cid}/adjustments", json=body, headers=head)
    assert len(unkeyed.json()["adjustments"]) == 3
