"""The district decides what is within its authority and forwards the rest to the city."""

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
UNITS = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
]
XUAT_SAC, BANG_KHEN = "hs-1@q-thanh-xuan", "hs-2@q-thanh-xuan"


@pytest.fixture
async def district(service_env: Any, token: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 12, 28, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    for unit in UNITS:
        await on["unit.created"](samples.unit_created(*unit), POS)
    await on["registration.submitted"](samples.registration_submitted("tap_the_lao_dong_tien_tien"), POS)
    await on["nomination.submitted"](
        samples.nomination_submitted(
            "hs-1", award_code="tap_the_lao_dong_xuat_sac", award_name="Tập thể lao động xuất sắc"
        ),
        POS,
    )
    await on["nomination.submitted"](samples.nomination_submitted("hs-2"), POS)
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        office = bearer(token("standing_office", "q-thanh-xuan"))
        for nomination in (XUAT_SAC, BANG_KHEN):
            assert (
                await http.post(f"/nominations/{nomination}/appraisal", headers=office)
            ).status_code == 200
            accepted = await http.post(
                f"/nominations/{nomination}/accept",
                json={"override_reason": "Đã đối chiếu hồ sơ gốc tại phường"},
                headers=office,
            )
            assert accepted.status_code == 200, accepted.text
        council = {"members": [{"member_id": m, "name": m} for m in ("m1", "m2", "m3")], "chair_id": "m1"}
        assert (await http.put("/councils/q-thanh-xuan", json=council, headers=office)).status_code == 200
        sid = (
            await http.post(
                "/sessions",
                json={"level_unit_id": "q-thanh-xuan", "held_on": "2020-12-28", "name": "Phiên họp"},
                headers=office,
            )
        ).json()["session_id"]
        for nomination in (XUAT_SAC, BANG_KHEN):
            assert (
                await http.post(f"/sessions/{sid}/agenda", json={"nomination_id": nomination}, headers=office)
            ).status_code == 200
        await http.put(f"/sessions/{sid}/attendance", json={"present": ["m1", "m2", "m3"]}, headers=office)
        assert (await http.post(f"/sessions/{sid}/open", headers=office)).status_code == 200
        for m in ("m1", "m2", "m3"):
            role = "council_chair" if m == "m1" else "council_member"
            for nomination in (XUAT_SAC, BANG_KHEN):
                cast = await http.post(
                    f"/sessions/{sid}/items/{nomination}/votes",
                    json={"choice": "yes"},
                    headers=bearer(token(role, "q-thanh-xuan", subject=m)),
                )
                assert cast.status_code == 201, cast.text
        assert (await http.post(f"/sessions/{sid}/close", headers=office)).status_code == 200
        yield http


async def test_the_chair_decides_within_the_districts_authority(
    district: Any, token: Any, mongo: Any, namespace: str
) -> None:
    http = district
    chair = bearer(token("council_chair", "q-thanh-xuan", subject="m1"))
    body = {
        "level_unit_id": "q-thanh-xuan",
        "number": "345/QĐ-UBND",
        "signed_on": "2020-12-30",
        "award_code": "tap_the_lao_dong_xuat_sac",
        "nomination_ids": [XUAT_SAC],
    }
    issued = await http.post("/decisions", json=body, headers=chair)
    assert issued.status_code == 201, issued.text
    assert [a["subject_name"] for a in issued.json()["awardees"]] == ["Phường Kim Giang"]
    assert len(issued.json()["content_hash"]) == 64
    again = await http.post("/decisions", json=body, headers=chair)  # sent twice: the same decision
    assert again.status_code == 201, again.text
    assert again.json()["content_hash"] == issued.json()["content_hash"]
    reused = await http.post("/decisions", json={**body, "signed_on": "2020-12-31"}, headers=chair)
    assert reused.json()["error"]["code"] == "DECISION_NUMBER_USED"
    twice = await http.post("/decisions", json={**body, "number": "348/QĐ-UBND"}, headers=chair)
    assert twice.json()["error"]["code"] == "NOT_VOTED"
    nomination = (await http.get(f"/nominations/{XUAT_SAC}", headers=chair)).json()
    assert nomination["status"] == "decided"
    assert nomination["decision_id"] == "q-thanh-xuan|345/QĐ-UBND"
    [award] = (await mongo[f"{namespace}_review"]["award_history"].find_one({"_id": "p-kim-giang"}))[
        "records"
    ]
    assert (award["code"], award["year"], award["decision_number"]) == (
        "tap_the_lao_dong_xuat_sac",
        2020,
        "345/QĐ-UBND",
    )
    holders = await mongo[f"{namespace}_review"]["award_holders"].find_one(
        {"_id": "p-kim-giang|2020|tap_the_lao_dong_xuat_sac"}
    )
    assert holders["subjects"] == ["p-kim-giang"]

    member = bearer(token("council_member", "q-thanh-xuan", subject="m2"))
    assert (
        await http.post("/decisions", json={**body, "number": "346/QĐ-UBND"}, headers=member)
    ).status_code == 403
    outside = await http.post(
        "/decisions",
        json={
            **body,
            "number": "347/QĐ-UBND",
            "award_code": "bang_khen_thanh_pho",
            "nomination_ids": [BANG_KHEN],
        },
        headers=chair,
    )
    assert outside.status_code == 403
    assert outside.json()["error"]["code"] == "OUTSIDE_AUTHORITY"


async def test_the_city_award_is_forwarded_with_the_districts_results(district: Any, token: Any) -> None:
    http = district
    office = bearer(token("standing_office", "q-thanh-xuan"))
    assert (await http.post(f"/nominations/{XUAT_SAC}/forward", headers=office)).json()["error"][
        "code"
    ] == "DECIDED_AT_THIS_LEVEL"
    forwarded = await http.post(f"/nominations/{BANG_KHEN}/forward", headers=office)
    assert forwarded.status_code == 200, forwarded.text
    assert forwarded.json()["status"] == "forwarded"
    city = bearer(token("standing_office", "ha-noi"))
    inbox = (await http.get("/nominations?level_unit_id=ha-noi", headers=city)).json()
    [at_city] = inbox["items"]
    assert at_city["nomination_id"] == "hs-2@ha-noi"
    assert at_city["status"] == "received"
    [endorsement] = at_city["endorsements"]
    assert endorsement["level_unit_id"] == "q-thanh-xuan"
    assert (endorsement["tally"]["yes"], endorsement["tally"]["passed"]) == (3, True)
    twice = await http.post(f"/nominations/{BANG_KHEN}/forward", headers=office)
    assert twice.status_code == 409
