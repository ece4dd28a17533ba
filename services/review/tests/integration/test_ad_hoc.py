"""Issue 18.3's ad hoc path: a ward's dossier for a sudden deed, decided by the district's chair by the
simplified procedure (accepted, then decided: no council session), while other kinds still need a vote."""

from __future__ import annotations

from typing import Any

from emutrack_contracts import samples
from emutrack_kit_testing.helpers import bearer
from review import bootstrap

from . import test_thanh_xuan_2020 as thanh_xuan
from .test_thanh_xuan_2020 import DISTRICT, POS, appraise_and_accept, ok

year_2020 = thanh_xuan.year_2020  # the fixture: the city, Thanh Xuân and its wards on 15/12/2020


async def accepted(deps: Any, http: Any, token: Any, dossier: str, kind: str) -> str:
    """Kim Giang proposes a resident for the district's certificate of merit; Thanh Xuân accepts it."""
    proposed = samples.nomination_submitted(
        dossier, subject_kind="individual", subject_name="Trần Văn Dũng", subject_unit_id=None,
        award_code="giay_khen", award_name="Giấy khen", dossier_kind=kind,
    )  # fmt: skip
    await bootstrap.event_handlers(deps)["nomination.submitted"](proposed, POS)
    nomination = f"{dossier}@{DISTRICT}"
    await appraise_and_accept(http, token, nomination, DISTRICT)
    return nomination


async def test_the_district_decides_an_ad_hoc_deed_without_a_council_session(
    year_2020: Any, token: Any
) -> None:
    deps, http = year_2020
    office = bearer(token("standing_office", DISTRICT))
    council = {"members": [{"member_id": "tx-ct", "name": "Chủ tịch"}], "chair_id": "tx-ct"}
    ok(await http.put(f"/councils/{DISTRICT}", json=council, headers=office))
    chair = bearer(token("council_chair", DISTRICT, subject="tx-ct"))
    ad_hoc = await accepted(deps, http, token, "hs-dx", "exceptional")
    yearly = await accepted(deps, http, token, "hs-cn", "by_phase")

    body = {
        "level_unit_id": DISTRICT,
        "number": "88/QĐ-UBND",
        "signed_on": "2020-12-16",
        "award_code": "giay_khen",
    }
    not_voted = await http.post("/decisions", json={**body, "nomination_ids": [yearly]}, headers=chair)
    assert (not_voted.status_code, not_voted.json()["error"]["code"]) == (409, "NOT_VOTED")

    decided = ok(await http.post("/decisions", json={**body, "nomination_ids": [ad_hoc]}, headers=chair), 201)
    assert decided["ballot_ids"] == []  # the simplified procedure: no ballot behind it
    assert [a["subject_name"] for a in decided["awardees"]] == ["Trần Văn Dũng"]
    shown = ok(await http.get(f"/nominations/{ad_hoc}", headers=office))
    assert (shown["status"], shown["decision_id"]) == ("decided", decided["decision_id"])
    again = ok(await http.post("/decisions", json={**body, "nomination_ids": [ad_hoc]}, headers=chair), 201)
    assert again["decision_id"] == decided["decision_id"]  # the same decision sent twice is one
