"""Initiative recognition on the real servers: the district council scores, its chair decides.

The issue's proof: a Chiến sĩ thi đua cơ sở appraisal answers "incomplete" while the initiative is
only proposed, and "eligible" once Thanh Xuân's council recognised it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import SubmissionWithdrawn
from emutrack_kit.consumer import Position
from emutrack_kit.text import fold
from emutrack_kit_testing.helpers import bearer
from review import bootstrap
from review.config import Settings
from review.domain.history import DecidedAward
from review.entrypoints.http import create_app

POS = Position("t", 0, 0)
THINH = "Nguyễn Thị Thịnh"
OTHERS = [f"Người {i}" for i in range(7)]
GOOD = {"tinh_moi": 25, "kha_nang_ap_dung": 24, "hieu_qua": 32}


@pytest.fixture
async def review(service_env: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 12, 20, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    await on["unit.created"](samples.unit_created("ha-noi", "Thành phố Hà Nội", "city", ["ha-noi"]), POS)
    district = samples.unit_created("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi", "q-thanh-xuan"])
    await on["unit.created"](district, POS)
    await on["unit.created"](
        samples.unit_created("p-kim-giang", "Phường Kim Giang", "ward", samples.KIM_GIANG_PATH), POS
    )
    listed = samples.people_listed(1, ["lao_dong_tien_tien"] * 8, [THINH, *OTHERS])
    await on["individual_registrations.submitted"](listed, POS)
    # Kim Giang's eight Lao động tiên tiến of 2020: 15 % of them allows one Chiến sĩ thi đua cơ sở.
    await deps.awards.record([ldtt(name) for name in [THINH, *OTHERS]])
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield deps, on, http


def ldtt(name: str) -> DecidedAward:
    return DecidedAward(
        subject_key=f"p-kim-giang|{fold(name)}", kind="individual", unit_id="p-kim-giang",
        code="lao_dong_tien_tien", year=2020, decision_id="p-kim-giang|5/QĐ-UBND",
        decision_number="5/QĐ-UBND", level="p-kim-giang",
    )  # fmt: skip


def initiative_rule(body: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in body["appraisal"]["results"] if r["rule_id"] == "sang-kien-co-so")


async def test_a_recognised_initiative_turns_an_incomplete_appraisal_into_eligible(
    review: Any, token: Any
) -> None:
    deps, on, http = review
    submitted = samples.initiative_submitted("sk-qr")
    await on["initiative.submitted"](submitted, POS)
    await on["initiative.submitted"](submitted, POS)  # redelivered: still one initiative
    nomination = samples.nomination_submitted(
        "hs-thinh", subject_kind="individual", subject_name=THINH, subject_unit_id=None,
        award_code="chien_si_thi_dua_co_so", award_name="Chiến sĩ thi đua cơ sở",
    )  # fmt: skip
    await on["nomination.submitted"](nomination, POS)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    before = (await http.post("/nominations/hs-thinh@q-thanh-xuan/appraisal", headers=office)).json()
    assert before["appraisal"]["verdict"] == "incomplete"
    assert initiative_rule(before)["outcome"] == "unknown"

    listed = await http.get("/initiatives", params={"level_unit_id": "q-thanh-xuan"}, headers=office)
    assert listed.status_code == 200, listed.text
    assert listed.json()["total"] == 1
    assert listed.json()["items"][0]["status_name"] == "Chờ Hội đồng xét"

    member = bearer(token("council_member", "q-thanh-xuan", subject="m2"))
    chair = bearer(token("council_chair", "q-thanh-xuan", subject="m1"))
    sheet = {"member_name": "Trần Văn Bình", "marks": GOOD}
    bad = await http.post(
        "/initiatives/sk-qr/scores", json={**sheet, "marks": {**GOOD, "hieu_qua": 41}}, headers=member
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "marks.hieu_qua"
    assert "từ 0 đến 40" in bad.json()["error"]["message"]
    for who, headers in (("Trần Văn Bình", member), ("Nguyễn Văn An", chair)):
        scored = await http.post(
            "/initiatives/sk-qr/scores", json={**sheet, "member_name": who}, headers=headers
        )
        assert scored.status_code == 200, scored.text
    assert scored.json()["mean_total"] == 81.0
    assert [s["member_name"] for s in scored.json()["scores"]] == ["Trần Văn Bình", "Nguyễn Văn An"]

    decision = {"recognised": True, "decision_number": "12/QĐ-UBND", "signed_on": "2020-06-01"}
    above = await http.post(
        "/initiatives/sk-qr/decision", json={**decision, "scope": "cap_thanh_pho"}, headers=chair
    )
    assert above.status_code == 422
    assert (above.json()["error"]["code"], above.json()["error"]["field"]) == ("SCOPE_ABOVE_COUNCIL", "scope")
    by_member = await http.post(
        "/initiatives/sk-qr/decision", json={**decision, "scope": "co_so"}, headers=member
    )
    assert by_member.status_code == 403
    decided = await http.post(
        "/initiatives/sk-qr/decision", json={**decision, "scope": "co_so"}, headers=chair
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "recognised"
    other = {**decision, "recognised": False, "reasons": ["Chưa áp dụng"]}
    changed = await http.post("/initiatives/sk-qr/decision", json=other, headers=chair)
    assert (changed.status_code, changed.json()["error"]["code"]) == (409, "INITIATIVE_CLOSED")
    # A crash after the decision, before Thịnh's record was written: the same decision sent again finishes it.
    recognitions = deps.initiatives.collection.database["initiative_recognitions"]
    assert (await recognitions.delete_many({})).deleted_count == 1
    again = await http.post("/initiatives/sk-qr/decision", json={**decision, "scope": "co_so"}, headers=chair)
    assert again.status_code == 200, again.text
    assert await recognitions.count_documents({"_id": "p-kim-giang|nguyen thi thinh"}) == 1

    stored = await deps.initiatives.collection.find_one({"_id": "sk-qr"})
    [event] = [e["envelope"] for e in stored["_outbox"]]
    assert event["event_type"] == "initiative.decided"
    assert (event["payload"]["scope"], event["payload"]["authors"]) == ("co_so", [THINH])
    assert event["unit_path"] == samples.KIM_GIANG_PATH  # keyed by the proposing unit: notify tells it

    after = (await http.post("/nominations/hs-thinh@q-thanh-xuan/appraisal", headers=office)).json()
    assert initiative_rule(after)["outcome"] == "passed"
    assert "Số hoá hồ sơ hộ tịch bằng mã QR" in initiative_rule(after)["facts"][0]
    assert after["appraisal"]["verdict"] == "eligible"
    check = await http.get("/nominations/hs-thinh@q-thanh-xuan/appraisal/verification", headers=office)
    assert check.json()["recomputed_matches"] is True


async def test_who_reads_and_who_may_not(review: Any, token: Any) -> None:
    _, on, http = review
    await on["initiative.submitted"](samples.initiative_submitted("sk-2"), POS)
    kim_giang = bearer(token("unit_officer", "p-kim-giang"))
    assert (await http.get("/initiatives/sk-2", headers=kim_giang)).json()["council_scope"] == "cap_huyen"
    other_ward = bearer(token("unit_officer", "p-khuong-dinh"))
    refused = await http.get("/initiatives/sk-2", headers=other_ward)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "FORBIDDEN_UNIT")
    assert "Phường Kim Giang" in refused.json()["error"]["message"]
    listing = await http.get("/initiatives", params={"level_unit_id": "q-thanh-xuan"}, headers=kim_giang)
    assert listing.status_code == 403
    # Authorized before validated: a stranger's malformed marks learn nothing of the sheet's rules.
    stranger = bearer(token("council_member", "q-hoang-mai"))
    marks = await http.post("/initiatives/sk-2/scores", json={"marks": "nonsense"}, headers=stranger)
    assert marks.status_code == 403
    withdrawn = SubmissionWithdrawn(
        submission_id="sk-2", kind="initiative", round_id="sk-2020-q-thanh-xuan", year=2020,
        unit_id="p-kim-giang", withdrawn_at=datetime(2020, 5, 1, tzinfo=UTC),
    )  # fmt: skip
    envelope = new_event(
        "submission.withdrawn",
        producer="test",
        unit_path=samples.KIM_GIANG_PATH,
        actor="t",
        payload=withdrawn,
    )
    await on["submission.withdrawn"](envelope, POS)
    assert (await http.get("/initiatives/sk-2", headers=kim_giang)).json()["status_name"] == "Đơn vị đã rút"
    member = bearer(token("council_member", "q-thanh-xuan"))
    closed = await http.post(
        "/initiatives/sk-2/scores", json={"member_name": "Trần Bình", "marks": GOOD}, headers=member
    )
    assert (closed.status_code, closed.json()["error"]["code"]) == (409, "INITIATIVE_CLOSED")
