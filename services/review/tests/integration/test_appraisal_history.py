"""Appraisal reads what review decided (awards by year) and checks quotas over all competing nominations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from emutrack_contracts import samples
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from review import bootstrap
from review.config import Settings
from review.domain.history import DecidedAward
from review.entrypoints.http import create_app

POS = Position("t", 0, 0)
PEOPLE = ["Nguyễn Thị Thịnh", "Lê Văn Hùng", "Phạm Thu Trang"]


@pytest.fixture
async def review(service_env: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 12, 20, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    await on["individual_registrations.submitted"](
        samples.people_listed(1, ["lao_dong_tien_tien"] * 3, PEOPLE), POS
    )
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield deps, on, http


def decided(subject_key: str, code: str, year: int, number: str) -> DecidedAward:
    return DecidedAward(
        subject_key=subject_key, kind="individual", unit_id="p-kim-giang", code=code,
        year=year, decision_id=f"p-kim-giang|{number}", decision_number=number,
        level="p-kim-giang",
    )  # fmt: skip


def proposal(dossier_id: str, name: str, award: str, minutes_late: int = 0) -> Any:
    envelope = samples.nomination_submitted(
        dossier_id,
        subject_kind="individual",
        subject_name=name,
        subject_unit_id=None,
        award_code=award,
        award_name=award,
        submitted_at=samples.SAMPLE_TIME + timedelta(minutes=minutes_late),
    )
    return envelope


async def test_decided_titles_are_history_the_rules_read(review: Any, token: Any) -> None:
    deps, on, http = review
    key = "p-kim-giang|nguyen thi thinh"
    await deps.awards.record(
        [decided(key, "chien_si_thi_dua_co_so", y, f"{y - 2000}/QĐ-UBND") for y in (2018, 2019, 2020)]
    )
    await deps.awards.record([decided(key, "chien_si_thi_dua_co_so", 2020, "20/QĐ-UBND")])  # a replay
    await on["nomination.submitted"](proposal("hs-t", "NGUYỄN THỊ THỊNH", "chien_si_thi_dua_thanh_pho"), POS)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    appraised = await http.post("/nominations/hs-t@q-thanh-xuan/appraisal", headers=office)
    assert appraised.status_code == 200, appraised.text
    appraisal = appraised.json()["appraisal"]
    outcomes = {r["rule_id"]: r["outcome"] for r in appraisal["results"]}
    assert outcomes["cstd-co-so-3-nam-lien-tuc"] == "passed"
    awards = appraisal["inputs"]["history"]["awards"]
    assert [(a["year"], a["decision_number"], a["level"]) for a in awards] == [
        (2018, "18/QĐ-UBND", "p-kim-giang"),
        (2019, "19/QĐ-UBND", "p-kim-giang"),
        (2020, "20/QĐ-UBND", "p-kim-giang"),
    ]


async def test_the_15_percent_quota_counts_the_units_decided_ldtt_and_submission_order(
    review: Any, token: Any
) -> None:
    deps, on, http = review
    await deps.awards.record(
        [decided(f"p-kim-giang|nguoi {i}", "lao_dong_tien_tien", 2020, "5/QĐ-UBND") for i in range(13)]
    )
    for i, name in enumerate(PEOPLE):
        await on["nomination.submitted"](proposal(f"hs-{i}", name, "chien_si_thi_dua_co_so", i), POS)
    office = bearer(token("standing_office", "q-thanh-xuan"))

    def quota(body: dict[str, Any]) -> dict[str, Any]:
        return next(r for r in body["appraisal"]["results"] if r["rule_id"] == "han-muc-15-phan-tram")

    first = (await http.post("/nominations/hs-0@q-thanh-xuan/appraisal", headers=office)).json()
    second = (await http.post("/nominations/hs-1@q-thanh-xuan/appraisal", headers=office)).json()
    assert quota(first)["outcome"] == "passed"  # 15% of 13 = 1.95: one, the first submitted
    assert quota(second)["outcome"] == "failed"
    assert quota(second)["data"] == {"position": 2, "already_awarded": 0, "limit": 1}
    assert "vượt hạn mức" in quota(second)["facts"][0]
    assert second["appraisal"]["verdict"] == "not_eligible"
    snapshot = second["appraisal"]["inputs"]["quota"]["snapshot"]
    assert len((await deps.quota_snapshots.get(snapshot))["competing"]) == 3
    check = await http.get("/nominations/hs-1@q-thanh-xuan/appraisal/verification", headers=office)
    assert check.json()["recomputed_matches"] is True

    returned = await http.post(
        "/nominations/hs-0@q-thanh-xuan/return", json={"reasons": ["Đơn vị rút đề nghị này"]}, headers=office
    )
    assert returned.status_code == 200, returned.text
    again = (await http.post("/nominations/hs-1@q-thanh-xuan/appraisal", headers=office)).json()
    assert quota(again)["outcome"] == "passed"  # the first one left the round: the second moves up


async def test_a_unit_without_decided_ldtt_cannot_tell_the_quota(review: Any, token: Any) -> None:
    _, on, http = review
    await on["nomination.submitted"](proposal("hs-x", PEOPLE[0], "chien_si_thi_dua_co_so"), POS)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    body = (await http.post("/nominations/hs-x@q-thanh-xuan/appraisal", headers=office)).json()
    [quota] = [r for r in body["appraisal"]["results"] if r["rule_id"] == "han-muc-15-phan-tram"]
    assert quota["outcome"] == "unknown"
    assert body["appraisal"]["verdict"] in ("incomplete", "not_eligible")


async def test_the_office_appraises_the_whole_round_at_once(review: Any, token: Any) -> None:
    deps, on, http = review
    await deps.awards.record(
        [decided(f"p-kim-giang|nguoi {i}", "lao_dong_tien_tien", 2020, "5/QĐ-UBND") for i in range(13)]
    )
    for i, name in enumerate(PEOPLE):
        await on["nomination.submitted"](proposal(f"hs-{i}", name, "chien_si_thi_dua_co_so", i), POS)
    await on["nomination.submitted"](proposal("hs-u", "Người Chưa Đăng Ký", "chien_si_thi_dua_co_so", 9), POS)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    body = {"level_unit_id": "q-thanh-xuan", "year": 2020, "award_code": "chien_si_thi_dua_co_so"}
    ward = await http.post("/appraisals", json=body, headers=bearer(token("unit_officer", "p-kim-giang")))
    assert ward.status_code == 403
    summary = (await http.post("/appraisals", json=body, headers=office)).json()
    assert summary["appraised"] == 3
    assert [r["code"] for r in summary["refused"]] == ["NOT_REGISTERED"]
    one_by_one = (await http.post("/nominations/hs-1@q-thanh-xuan/appraisal", headers=office)).json()
    in_round = await deps.nominations.document("hs-2@q-thanh-xuan")
    assert one_by_one["appraisal"]["verdict"] == in_round["appraisal"]["verdict"] == "not_eligible"
    first = await deps.nominations.document("hs-0@q-thanh-xuan")
    quota = next(r for r in first["appraisal"]["results"] if r["rule_id"] == "han-muc-15-phan-tram")
    assert quota["outcome"] == "passed"
