"""A district council votes by secret ballot: rolls apart from boxes, tallies published, nothing else."""

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
NOMINATION = "hs-1@q-thanh-xuan"
MEMBERS = [f"m{i}" for i in range(1, 11)]


@pytest.fixture
async def review(service_env: Any, token: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 12, 25, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    await on["registration.submitted"](samples.registration_submitted("tap_the_lao_dong_tien_tien"), POS)
    await on["nomination.submitted"](samples.nomination_submitted(), POS)
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        office = bearer(token("standing_office", LEVEL))
        assert (await http.post(f"/nominations/{NOMINATION}/appraisal", headers=office)).status_code == 200
        assert (
            await http.post(f"/nominations/{NOMINATION}/accept", json={}, headers=office)
        ).status_code == 200
        yield http


def member(token: Any, who: str, role: str = "council_member") -> dict[str, str]:
    return bearer(token(role, LEVEL, subject=who))


async def test_a_session_votes_in_secret_and_publishes_only_the_tally(
    review: Any, token: Any, mongo: Any, namespace: str
) -> None:
    http = review
    office = bearer(token("standing_office", LEVEL))
    council = {"members": [{"member_id": m, "name": f"Thành viên {m}"} for m in MEMBERS], "chair_id": "m1"}
    assert (await http.put(f"/councils/{LEVEL}", json=council, headers=office)).status_code == 200
    planned = await http.post(
        "/sessions",
        json={"level_unit_id": LEVEL, "held_on": "2020-12-25", "name": "Phiên xét khen thưởng 2020"},
        headers=office,
    )
    assert planned.status_code == 201, planned.text
    sid = planned.json()["session_id"]
    assert (
        await http.post(f"/sessions/{sid}/agenda", json={"nomination_id": NOMINATION}, headers=office)
    ).status_code == 200
    again = await http.post(f"/sessions/{sid}/agenda", json={"nomination_id": NOMINATION}, headers=office)
    assert again.status_code == 409  # already on the agenda: no longer "appraised"
    assert (
        await http.put(f"/sessions/{sid}/attendance", json={"present": MEMBERS[:8]}, headers=office)
    ).status_code == 200
    early = await http.post(
        f"/sessions/{sid}/items/{NOMINATION}/votes", json={"choice": "yes"}, headers=member(token, "m2")
    )
    assert early.status_code == 409  # the session is not open yet
    assert (
        await http.post(f"/sessions/{sid}/open", headers=member(token, "m1", "council_chair"))
    ).status_code == 200

    url = f"/sessions/{sid}/items/{NOMINATION}/votes"
    for m in MEMBERS[:7]:
        role = "council_chair" if m == "m1" else "council_member"
        cast = await http.post(url, json={"choice": "yes"}, headers=member(token, m, role))
        assert cast.status_code == 201, cast.text
        assert "choice" not in cast.json()
    assert (await http.post(url, json={"choice": "no"}, headers=member(token, "m8"))).status_code == 201
    assert (
        await http.post(url, json={"choice": "yes", "mode": "written"}, headers=member(token, "m9"))
    ).status_code == 201
    refusals = [
        ("m2", {"choice": "no"}, 409, "ALREADY_VOTED"),
        ("m10", {"choice": "yes"}, 409, "NOT_PRESENT"),
        ("m3", {"choice": "yes", "mode": "written"}, 409, "ALREADY_VOTED"),
        ("m99", {"choice": "yes"}, 403, "NOT_A_MEMBER"),
    ]
    for who, body, status, code in refusals:
        refused = await http.post(url, json=body, headers=member(token, who))
        assert (refused.status_code, refused.json()["error"]["code"]) == (status, code), who
    assert (
        await http.post(url, json={"choice": "yes"}, headers=bearer(token("viewer", LEVEL)))
    ).status_code == 403

    db = mongo[f"{namespace}_review"]
    box = await db["ballot_boxes"].find_one({})
    assert (box["papers"], box["counts"]) == (9, {"yes": 8, "no": 1})
    assert not any(m in str(box) for m in MEMBERS)  # the box knows no voter
    assert {r["member_id"] for r in await db["voter_rolls"].find({}).to_list(None)} == set(MEMBERS[:9])

    closed = await http.post(f"/sessions/{sid}/close", headers=office)
    assert closed.status_code == 200, closed.text
    [item] = closed.json()["agenda"]
    result = item["result"]
    assert (result["yes"], result["no"], result["votes_cast"], result["written"]) == (8, 1, 9, 1)
    assert result["passed"] is True
    assert "8/9" in result["explanation"]
    assert len(result["content_hash"]) == 64
    assert not any(m in str(result) for m in MEMBERS)
    late = await http.post(url, json={"choice": "no"}, headers=member(token, "m10"))
    assert late.status_code == 409
    nomination = (await http.get(f"/nominations/{NOMINATION}", headers=office)).json()
    assert [h["status"] for h in nomination["history"]] == ["received", "appraised", "on_agenda", "voted"]


async def test_a_session_needs_its_council_and_an_accepted_nomination(review: Any, token: Any) -> None:
    http = review
    office = bearer(token("standing_office", LEVEL))
    no_council = await http.post(
        "/sessions",
        json={"level_unit_id": LEVEL, "held_on": "2020-12-25", "name": "Phiên họp"},
        headers=office,
    )
    assert no_council.json()["error"]["code"] == "NO_COUNCIL"
    bad_chair = await http.put(
        f"/councils/{LEVEL}",
        json={"members": [{"member_id": "a", "name": "An"}], "chair_id": "b"},
        headers=office,
    )
    assert bad_chair.json()["error"]["code"] == "CHAIR_NOT_MEMBER"
    other_level = await http.put(
        f"/councils/{LEVEL}",
        json={"members": [{"member_id": "a", "name": "An"}], "chair_id": "a"},
        headers=bearer(token("standing_office", "ha-noi")),
    )
    assert other_level.status_code == 403
