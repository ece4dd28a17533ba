"""An appraisal cites, for each rule, the rule set in force and the legal document behind it, never a file."""

from __future__ import annotations

import json
import re
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
A_FILE = re.compile(r"\w\.(md|py|json|txt|ya?ml)\b|DOMAIN|ARCHITECTURE", re.IGNORECASE)
TTLDXS = "tap_the_lao_dong_xuat_sac"


@pytest.fixture
async def review(service_env: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2021, 2, 10, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    await on["unit.created"](samples.unit_created("ha-noi", "Thành phố Hà Nội", "city", []), POS)
    await on["unit.created"](
        samples.unit_created("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]), POS
    )
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield on, http


def proposal(dossier: str, award: str, award_name: str, submitted_at: datetime, **subject: Any) -> Any:
    return samples.nomination_submitted(
        dossier, award_code=award, award_name=award_name, dossier_kind="exceptional",
        submitted_at=submitted_at, **subject,
    )  # fmt: skip


async def appraise(http: httpx.AsyncClient, dossier: str, token: Any) -> dict[str, Any]:
    response = await http.post(
        f"/nominations/{dossier}@q-thanh-xuan/appraisal",
        headers=bearer(token("standing_office", "q-thanh-xuan")),
    )
    assert response.status_code == 200, response.text
    return dict(response.json()["appraisal"])


async def test_each_rule_cites_its_rule_set_and_the_law_behind_it(review: Any, token: Any) -> None:
    on, http = review
    day = datetime(2020, 12, 1, 2, tzinfo=UTC)
    await on["nomination.submitted"](proposal("hs-x", TTLDXS, "Tập thể lao động xuất sắc", day), POS)
    person = {"subject_kind": "individual", "subject_name": "Nguyễn Thị Thịnh", "subject_unit_id": None}
    await on["nomination.submitted"](
        proposal("hs-l", "lao_dong_tien_tien", "Lao động tiên tiến", day, **person), POS
    )

    collective = await appraise(http, "hs-x", token)
    cited = "Bộ quy tắc 'Tập thể lao động xuất sắc' phiên bản 1 (hiệu lực từ 01/01/2017); căn cứ: "
    assert collective["legal_basis"].startswith(cited)
    assert len(collective["results"]) == 5
    for result in collective["results"]:
        assert result["legal_basis"].startswith(cited + "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 27"), (
            result
        )
    individual = await appraise(http, "hs-l", token)
    [rule] = individual["results"]
    assert rule["legal_basis"].startswith(
        "Bộ quy tắc 'Lao động tiên tiến' phiên bản 1 (hiệu lực từ 01/01/2017); căn cứ: "
        "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 24"
    )
    for shown in (collective, individual):
        assert not A_FILE.search(json.dumps(shown, ensure_ascii=False))
    office = bearer(token("standing_office", "q-thanh-xuan"))
    checked = (await http.get("/nominations/hs-x@q-thanh-xuan/appraisal/verification", headers=office)).json()
    assert (checked["intact"], checked["recomputed_matches"]) == (True, True)


async def test_rule_sets_read_by_clients_cite_documents_and_a_revision_citing_a_file_is_refused(
    review: Any, token: Any
) -> None:
    on, http = review
    listed = await http.get("/rule-sets", headers=bearer(token("viewer", "p-kim-giang")))
    assert listed.status_code == 200
    assert not A_FILE.search(listed.text)
    assert "cluster rules" not in listed.text  # Vietnamese for people

    city = bearer(token("standing_office", "ha-noi"))
    url = f"/rule-sets/{TTLDXS}/revisions"
    refused = await http.post(
        url,
        json={"effective_from": "2021-01-01", "changes": {"legal_basis": "docs/domain.md §5"}},
        headers=city,
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "INVALID_LEGAL_BASIS"), (
        refused.text
    )
    basis = "QĐ 35/2024/QĐ-UBND của UBND Thành phố Hà Nội"
    revised = await http.post(
        url, json={"effective_from": "2021-01-01", "changes": {"legal_basis": basis}}, headers=city
    )
    assert revised.status_code == 201, revised.text

    await on["nomination.submitted"](
        proposal("hs-y", TTLDXS, "Tập thể lao động xuất sắc", datetime(2021, 2, 1, 2, tzinfo=UTC)), POS
    )
    appraisal = await appraise(http, "hs-y", token)
    assert appraisal["legal_basis"] == (
        f"Bộ quy tắc 'Tập thể lao động xuất sắc' phiên bản 2 (hiệu lực từ 01/01/2021); căn cứ: {basis}"
    )
