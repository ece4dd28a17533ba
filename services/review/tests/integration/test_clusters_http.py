"""A district cluster of wards: criteria, cross-inspection drawn, sheets filled, ranking published."""

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
from review.domain.integrity import verify
from review.entrypoints.http import create_app

WARDS = ["p-kim-giang", "p-khuong-dinh", "p-ha-dinh", "p-khuong-mai"]
CRITERIA = {
    "sections": [
        {
            "section_id": "I",
            "title": "Thực hiện nhiệm vụ chính trị",
            "criteria": [
                {"criterion_id": "I.1", "text": "Hoàn thành chỉ tiêu kinh tế - xã hội", "max_points": 60},
                {"criterion_id": "I.2", "text": "Cải cách hành chính", "max_points": 40},
            ],
        }
    ],
    "bonus_items": [{"item_id": "B1", "text": "Mô hình mới được nhân rộng", "max_points": 5}],
    "declared_total": 100,
}


@pytest.fixture
async def review(service_env: Any) -> Any:
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
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield deps, http


def sheet(scorer: str, kind: str, first: float, second: float) -> dict[str, Any]:
    comment = "Chưa đạt đủ chỉ tiêu"
    return {
        "scorer_id": scorer,
        "kind": kind,
        "marks": [
            {"ref_id": "I.1", "points": first, "comment": "" if first == 60 else comment},
            {"ref_id": "I.2", "points": second, "comment": "" if second == 40 else comment},
        ],
    }


async def test_a_cluster_scores_its_wards_and_publishes_a_frozen_ranking(review: Any, token: Any) -> None:
    deps, http = review
    office = bearer(token("standing_office", "q-thanh-xuan"))
    head = bearer(token("cluster_head", "p-kim-giang"))
    body = {"level_unit_id": "q-thanh-xuan", "name": "Cụm thi đua số 2", "year": 2020, "member_ids": WARDS,
            "head_id": "p-kim-giang", "deputy_id": "p-khuong-dinh"}  # fmt: skip
    assert (await http.post("/clusters", json=body, headers=head)).status_code == 403
    created = await http.post("/clusters", json=body, headers=office)
    assert created.status_code == 201, created.text
    cid = created.json()["cluster_id"]
    assert (await http.put(f"/clusters/{cid}/criteria", json=CRITERIA, headers=head)).json()["criteria"][
        "version"
    ] == 1
    drawn = await http.post(f"/clusters/{cid}/inspections", json={"k": 2, "seed": "2020"}, headers=head)
    pairs = [(p["inspector"], p["inspected"]) for p in drawn.json()["assignment"]["pairs"]]
    assert len(pairs) == 8
    assert all(a != b for a, b in pairs)

    scores = {
        "p-kim-giang": (58, 38),
        "p-khuong-dinh": (50, 35),
        "p-ha-dinh": (55, 30),
        "p-khuong-mai": (45, 30),
    }
    for ward in WARDS:
        officer = bearer(token("unit_officer", ward))
        own = await http.put(
            f"/clusters/{cid}/sheets/{ward}", json=sheet(ward, "self", 60, 40), headers=officer
        )
        assert own.status_code == 200, own.text
        for inspector, inspected in pairs:
            if inspector == ward:
                cross = await http.put(
                    f"/clusters/{cid}/sheets/{inspected}",
                    json=sheet(ward, "cross", *scores[inspected]),
                    headers=officer,
                )
                assert cross.status_code == 200, cross.text
    officer = bearer(token("unit_officer", "p-kim-giang"))
    not_assigned = next(b for b in WARDS if ("p-kim-giang", b) not in pairs and b != "p-kim-giang")
    refusals = [
        ("p-kim-giang", sheet("p-kim-giang", "cross", 50, 30), "SELF_SCORING"),
        (not_assigned, sheet("p-kim-giang", "cross", 50, 30), "NOT_ASSIGNED"),
        (pairs[0][1], sheet("p-kim-giang", "cross", 61, 30), "SCORE_ABOVE_MAX"),
    ]
    for scored, body_, code in refusals:
        refused = await http.put(f"/clusters/{cid}/sheets/{scored}", json=body_, headers=officer)
        assert refused.json()["error"]["code"] == code, (scored, refused.text)
    other = await http.put(
        f"/clusters/{cid}/sheets/p-ha-dinh", json=sheet("p-khuong-mai", "cross", 50, 30), headers=officer
    )
    assert other.status_code == 403

    adjusted = await http.post(
        f"/clusters/{cid}/adjustments",
        json={"unit_id": "p-khuong-mai", "delta": 2, "reason": "Thưởng phong trào hiến máu"},
        headers=head,
    )
    assert adjusted.status_code == 200, adjusted.text
    published = await http.post(f"/clusters/{cid}/ranking", json={}, headers=head)
    assert published.status_code == 200, published.text
    results = published.json()["results"]
    ranking = [r["unit_id"] for r in results["ranking"]]
    assert ranking == ["p-kim-giang", "p-ha-dinh", "p-khuong-dinh", "p-khuong-mai"]
    assert results["ranking"][0]["final"] == 96
    assert results["ranking"][0]["self_total"] == 100
    assert results["ranking"][-1]["final"] == 77
    assert len(results["content_hash"]) == 64
    late = await http.put(
        f"/clusters/{cid}/sheets/{pairs[0][1]}",
        json=sheet(pairs[0][0], "cross", 60, 40),
        headers=bearer(token("unit_officer", pairs[0][0])),
    )
    assert late.json()["error"]["code"] == "RANKING_PUBLISHED"
    records = await deps.chain.records()
    assert len(records) == 4 + 8 + 1 + 1  # self sheets, cross sheets, the adjustment, the ranking
    assert verify(records) is None
    member_view = await http.get(f"/clusters/{cid}", headers=bearer(token("viewer", "p-khuong-mai")))
    assert member_view.status_code == 200
    assert (
        await http.get(f"/clusters/{cid}", headers=bearer(token("viewer", "p-dai-kim")))
    ).status_code == 403


async def test_the_honouring_vote_turns_the_leader_into_a_nomination(review: Any, token: Any) -> None:
    _, http = review
    office = bearer(token("standing_office", "q-thanh-xuan"))
    head = bearer(token("cluster_head", "p-kim-giang"))
    body = {"level_unit_id": "q-thanh-xuan", "name": "Cụm thi đua số 2", "year": 2020, "member_ids": WARDS,
            "head_id": "p-kim-giang", "deputy_id": "p-khuong-dinh"}  # fmt: skip
    cid = (await http.post("/clusters", json=body, headers=office)).json()["cluster_id"]
    await http.put(f"/clusters/{cid}/criteria", json=CRITERIA, headers=head)
    drawn = await http.post(f"/clusters/{cid}/inspections", json={"k": 1, "seed": "s"}, headers=head)
    for pair in drawn.json()["assignment"]["pairs"]:
        inspector, inspected = pair["inspector"], pair["inspected"]
        points = (58, 38) if inspected == "p-ha-dinh" else (50, 30)
        sent = await http.put(
            f"/clusters/{cid}/sheets/{inspected}",
            json=sheet(inspector, "cross", *points),
            headers=bearer(token("unit_officer", inspector)),
        )
        assert sent.status_code == 200, sent.text
    early = await http.post(
        f"/clusters/{cid}/honouring", json={"award_code": "co_thi_dua_thanh_pho"}, headers=head
    )
    assert early.json()["error"]["code"] == "NO_RANKING"
    assert (await http.post(f"/clusters/{cid}/ranking", json={}, headers=head)).status_code == 200
    opened = await http.post(
        f"/clusters/{cid}/honouring", json={"award_code": "co_thi_dua_thanh_pho", "top_n": 1}, headers=head
    )
    assert opened.status_code == 200, opened.text
    for voter, choice in [
        ("p-kim-giang", "p-ha-dinh"),
        ("p-khuong-dinh", "p-ha-dinh"),
        ("p-ha-dinh", "p-kim-giang"),
    ]:
        cast = await http.post(
            f"/clusters/{cid}/honouring/votes",
            json={"voter_unit_id": voter, "approvals": [choice]},
            headers=bearer(token("unit_head", voter)),
        )
        assert cast.status_code == 201, cast.text
    twice = await http.post(
        f"/clusters/{cid}/honouring/votes",
        json={"voter_unit_id": "p-ha-dinh", "approvals": ["p-ha-dinh"]},
        headers=bearer(token("unit_head", "p-ha-dinh")),
    )
    assert twice.json()["error"]["code"] == "ALREADY_VOTED"
    not_head = await http.post(
        f"/clusters/{cid}/honouring/votes",
        json={"voter_unit_id": "p-khuong-mai", "approvals": ["p-ha-dinh"]},
        headers=bearer(token("unit_officer", "p-khuong-mai")),
    )
    assert not_head.status_code == 403
    closed = await http.post(f"/clusters/{cid}/honouring/close", headers=head)
    assert closed.status_code == 200, closed.text
    result = closed.json()["honouring"]["result"]
    assert [c["unit_id"] for c in result["candidates"] if c["leading"]] == ["p-ha-dinh"]
    assert result["votes_cast"] == 3
    inbox = (await http.get("/nominations?level_unit_id=q-thanh-xuan", headers=office)).json()
    [nomination] = inbox["items"]
    assert (
        nomination["subject_unit_id"] if "subject_unit_id" in nomination else nomination["subject_name"]
    ) in ("p-ha-dinh", "Phường p-ha-dinh")
    assert nomination["award_code"] == "co_thi_dua_thanh_pho"
    assert "96" in nomination["summary"]
    assert nomination["status"] == "received"
