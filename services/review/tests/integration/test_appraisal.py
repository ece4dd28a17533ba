"""Appraisal: the rules explained on a nomination, year-end registration enforced, acceptance."""

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
THINH = "Nguyễn Thị Thịnh"


@pytest.fixture
async def review(service_env: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 12, 20, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    await on["individual_registrations.submitted"](
        samples.people_listed(1, ["lao_dong_tien_tien"], [THINH]), POS
    )
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield on, http


def person(dossier_id: str, name: str, prior: list[tuple[str, int]]) -> Any:
    return samples.nomination_submitted(
        dossier_id,
        subject_kind="individual",
        subject_name=name,
        subject_unit_id=None,
        award_code="chien_si_thi_dua_thanh_pho",
        award_name="Chiến sĩ thi đua Thành phố",
        prior_awards=[{"name": n, "year": y} for n, y in prior],
    )


async def test_the_rules_are_explained_and_an_incomplete_appraisal_needs_a_reason(
    review: Any, token: Any
) -> None:
    on, http = review
    cstd = "Chiến sĩ thi đua cơ sở"
    await on["nomination.submitted"](person("hs-t", THINH, [(cstd, 2018), (cstd, 2019), (cstd, 2020)]), POS)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    url = "/nominations/hs-t@q-thanh-xuan"
    appraised = await http.post(f"{url}/appraisal", headers=office)
    assert appraised.status_code == 200, appraised.text
    appraisal = appraised.json()["appraisal"]
    outcomes = {r["rule_id"]: r["outcome"] for r in appraisal["results"]}
    assert outcomes == {"cstd-co-so-3-nam-lien-tuc": "passed", "sang-kien-cap-thanh-pho": "unknown"}
    assert appraisal["verdict"] == "incomplete"
    assert appraisal["legal_basis"] == (
        "Bộ quy tắc 'Chiến sĩ thi đua Thành phố' phiên bản 1 (hiệu lực từ 01/01/2017); căn cứ: NĐ 91/2017"
    )
    assert len(appraisal["content_hash"]) == 64
    facts = next(r["facts"] for r in appraisal["results"] if r["rule_id"] == "cstd-co-so-3-nam-lien-tuc")
    assert any("2018" in f and "2020" in f for f in facts)
    again = await http.post(f"{url}/appraisal", headers=office)
    assert again.json()["appraisal"]["content_hash"] == appraisal["content_hash"]  # recomputed: same result

    no_reason = await http.post(f"{url}/accept", json={}, headers=office)
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["code"] == "REASON_REQUIRED"
    accepted = await http.post(
        f"{url}/accept",
        json={"override_reason": "Sáng kiến cấp Thành phố QĐ 123/QĐ-UBND ngày 2/3/2020"},
        headers=office,
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "appraised"


async def test_a_known_gap_fails_and_cannot_be_accepted(review: Any, token: Any) -> None:
    on, http = review
    gap = [("Chiến sĩ thi đua cơ sở", 2018), ("Lao động tiên tiến", 2019), ("Chiến sĩ thi đua cơ sở", 2020)]
    await on["nomination.submitted"](person("hs-g", THINH, gap), POS)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    appraised = (await http.post("/nominations/hs-g@q-thanh-xuan/appraisal", headers=office)).json()
    assert appraised["appraisal"]["verdict"] == "not_eligible"
    refused = await http.post(
        "/nominations/hs-g@q-thanh-xuan/accept", json={"override_reason": "x" * 20}, headers=office
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "NOT_ELIGIBLE"


async def test_an_unregistered_subject_is_not_appraised_and_nothing_changes(review: Any, token: Any) -> None:
    on, http = review
    await on["nomination.submitted"](person("hs-u", "Trần Văn Không Đăng Ký", []), POS)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    refused = await http.post("/nominations/hs-u@q-thanh-xuan/appraisal", headers=office)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "NOT_REGISTERED"
    stored = (await http.get("/nominations/hs-u@q-thanh-xuan", headers=office)).json()
    assert stored["appraisal"] is None
    assert stored["status"] == "received"
    not_appraised = await http.post("/nominations/hs-u@q-thanh-xuan/accept", json={}, headers=office)
    assert not_appraised.json()["error"]["code"] == "NOT_APPRAISED"
    ward = await http.post(
        "/nominations/hs-u@q-thanh-xuan/appraisal", headers=bearer(token("unit_officer", "p-kim-giang"))
    )
    assert ward.status_code == 403
