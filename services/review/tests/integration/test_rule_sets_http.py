"""The city's standing office revises an award's rules from a date; appraisals follow the version in force."""

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

POS = Position("t", 0, 0)
CSTD = "chien_si_thi_dua_co_so"


@pytest.fixture
async def review(service_env: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2021, 2, 10, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    await on["unit.created"](samples.unit_created("ha-noi", "ha-noi", "city", []), POS)
    await on["unit.created"](
        samples.unit_created("q-thanh-xuan", "q-thanh-xuan", "district", ["ha-noi"]), POS
    )
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield deps, on, http


async def test_a_revision_applies_from_its_date_and_old_appraisals_still_recompute(
    review: Any, token: Any
) -> None:
    deps, on, http = review
    city, district = (
        bearer(token("standing_office", "ha-noi")),
        bearer(token("standing_office", "q-thanh-xuan")),
    )
    listed = (await http.get("/rule-sets", headers=bearer(token("viewer", "p-kim-giang")))).json()
    assert len({rs["award"] for rs in listed}) == 8

    def proposal(dossier: str, on_day: datetime) -> Any:
        return samples.nomination_submitted(
            dossier, subject_kind="individual", subject_name=f"Người {dossier}", subject_unit_id=None,
            award_code=CSTD, award_name="Chiến sĩ thi đua cơ sở", dossier_kind="exceptional",
            submitted_at=on_day,
        )  # fmt: skip

    await on["nomination.submitted"](proposal("hs-2020", datetime(2020, 12, 1, 2, tzinfo=UTC)), POS)
    before = (await http.post("/nominations/hs-2020@q-thanh-xuan/appraisal", headers=district)).json()
    assert before["appraisal"]["rule_set"] == f"{CSTD}@1"

    revision = {
        "effective_from": "2021-01-01",
        "changes": {"rule_params": {"han-muc-15-phan-tram": {"max_share": 0.2}}},
    }
    refused = await http.post(f"/rule-sets/{CSTD}/revisions", json=revision, headers=district)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "NOT_CITY_OFFICE"
    for bad, code in [
        ({**revision, "effective_from": "2017-01-01"}, "REVISION_TOO_EARLY"),
        ({**revision, "effective_from": "2016-01-01"}, "NO_RULES_FOR_AWARD"),
        ({**revision, "changes": {"rule_params": {"khong-co": {"x": 1}}}}, "UNKNOWN_RULE"),
        ({**revision, "changes": {"quota": 1}}, "UNKNOWN_RULE_SET_CHANGE"),
    ]:
        response = await http.post(f"/rule-sets/{CSTD}/revisions", json=bad, headers=city)
        assert response.json()["error"]["code"] == code, response.text
    assert len((await http.get(f"/rule-sets/{CSTD}", headers=city)).json()) == 1  # nothing half-written

    revised = await http.post(f"/rule-sets/{CSTD}/revisions", json=revision, headers=city)
    assert revised.status_code == 201, revised.text
    assert revised.json()["version"] == 2
    versions = (await http.get(f"/rule-sets/{CSTD}", headers=city)).json()
    assert [(v["version"], v["effective_from"], v["effective_to"]) for v in versions] == [
        (1, "2017-01-01", "2020-12-31"),
        (2, "2021-01-01", None),
    ]
    quota = next(r for r in versions[1]["rules"] if r["id"] == "han-muc-15-phan-tram")
    assert quota["params"]["max_share"] == 0.2

    await on["nomination.submitted"](proposal("hs-2021", datetime(2021, 2, 1, 2, tzinfo=UTC)), POS)
    after = (await http.post("/nominations/hs-2021@q-thanh-xuan/appraisal", headers=district)).json()
    assert after["appraisal"]["rule_set"] == f"{CSTD}@2"
    old = (
        await http.get("/nominations/hs-2020@q-thanh-xuan/appraisal/verification", headers=district)
    ).json()
    assert old["recomputed_matches"] is True  # version 1 is kept, so the 2020 appraisal still recomputes
    assert verify(await deps.chain.records()) is None
    assert any(r.payload.get("rule_set", {}).get("version") == 2 for r in await deps.chain.records())
