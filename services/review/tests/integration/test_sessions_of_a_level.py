"""A level's sessions listed for its office and council (with the day held); an inbox narrowed to a unit."""

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

POS = Position("t", 0, 0)
LEVEL = "q-thanh-xuan"


@pytest.fixture
async def review(service_env: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 12, 20, 3, 0, tzinfo=UTC))
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield deps, http


async def test_a_levels_sessions_are_listed_latest_first_for_its_council(review: Any, token: Any) -> None:
    _, http = review
    office = bearer(token("standing_office", LEVEL))
    council = {"members": [{"member_id": "m1", "name": "Nguyễn Văn An"}], "chair_id": "m1"}
    assert (await http.put(f"/councils/{LEVEL}", json=council, headers=office)).status_code == 200
    for day, name in (("2020-12-10", "Phiên họp tháng 12"), ("2020-12-28", "Phiên họp cuối năm")):
        body = {"level_unit_id": LEVEL, "held_on": day, "name": name}
        assert (await http.post("/sessions", json=body, headers=office)).status_code == 201

    member = bearer(token("council_member", LEVEL, subject="m1"))
    listed = await http.get(f"/sessions?level_unit_id={LEVEL}&limit=1", headers=member)
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert page["total"] == 2
    assert [(s["name"], s["held_on"]) for s in page["items"]] == [("Phiên họp cuối năm", "2020-12-28")]
    rest = (await http.get(f"/sessions?level_unit_id={LEVEL}&skip=1", headers=office)).json()
    assert [s["name"] for s in rest["items"]] == ["Phiên họp tháng 12"]

    for outsider in (token("standing_office", "q-hoang-mai"), token("unit_officer", "p-kim-giang")):
        refused = await http.get(f"/sessions?level_unit_id={LEVEL}", headers=bearer(outsider))
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, "NOT_LEVEL_COUNCIL")


async def test_the_inbox_is_narrowed_to_one_proposing_unit(review: Any, token: Any) -> None:
    deps, http = review
    on = bootstrap.event_handlers(deps)
    await on["nomination.submitted"](samples.nomination_submitted("hs-kg"), POS)
    other = {"proposing_unit_id": "p-ha-dinh", "proposing_unit_name": "Phường Hạ Đình",
             "subject_name": "Phường Hạ Đình", "subject_unit_id": "p-ha-dinh"}  # fmt: skip
    await on["nomination.submitted"](samples.nomination_submitted("hs-hd", **other), POS)
    office = bearer(token("standing_office", LEVEL))
    everyone = (await http.get("/nominations", headers=office)).json()
    assert {n["nomination_id"] for n in everyone["items"]} == {f"hs-kg@{LEVEL}", f"hs-hd@{LEVEL}"}
    narrowed = (await http.get("/nominations?unit_id=p-ha-dinh", headers=office)).json()
    assert [n["nomination_id"] for n in narrowed["items"]] == [f"hs-hd@{LEVEL}"]
    assert narrowed["total"] == 1


async def test_members_whose_account_names_hold_dots_are_seated_and_named(review: Any, token: Any) -> None:
    _, http = review
    office = bearer(token("standing_office", LEVEL))
    members = [
        {"member_id": "nguyen.van.an", "name": "Nguyễn Văn An"},
        {"member_id": "tran.thi.binh", "name": "Trần Thị Bình"},
    ]
    council = {"members": members, "chair_id": "nguyen.van.an"}
    assert (await http.put(f"/councils/{LEVEL}", json=council, headers=office)).status_code == 200
    body = {"level_unit_id": LEVEL, "held_on": "2020-12-28", "name": "Phiên họp cuối năm"}
    planned = await http.post("/sessions", json=body, headers=office)
    assert planned.status_code == 201, planned.text
    present = {"present": ["tran.thi.binh"]}
    sid = planned.json()["session_id"]
    assert (await http.put(f"/sessions/{sid}/attendance", json=present, headers=office)).status_code == 200
    chair = bearer(token("council_chair", LEVEL, subject="nguyen.van.an"))
    session = (await http.get(f"/sessions/{sid}", headers=chair)).json()
    assert session["member_names"] == {"nguyen.van.an": "Nguyễn Văn An", "tran.thi.binh": "Trần Thị Bình"}
    assert session["present"] == ["tran.thi.binh"]
