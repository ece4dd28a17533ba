"""Issue 18.3's ad hoc path at the ward: a dossier for a sudden deed names its day, sent within 30 days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from emutrack_kit_testing.helpers import bearer
from registration.domain.rounds import Round, end_of_day
from registration.usecases import seeding

from .test_dossiers import PDF, _docx

ROUND = "dx-2020-q-thanh-xuan"
TODAY = date(2020, 1, 30)  # the tests' clock (conftest)


@pytest.fixture
async def ad_hoc_round(deps: Any) -> str:
    opened = Round(
        ROUND, "Khen thưởng đột xuất 2020", "nomination", 2020, "q-thanh-xuan", "Quận Thanh Xuân",
        date(2020, 1, 2), end_of_day(date(2020, 12, 15)), award_kind="exceptional",
    )  # fmt: skip
    await seeding.open_round(deps, opened)
    return ROUND


def body(**more: Any) -> dict[str, Any]:
    return {
        "round_id": ROUND, "unit_id": "p-kim-giang",
        "subject": {"kind": "individual", "full_name": "Lê Văn Cường"},
        "award_code": "giay_khen", "dossier_kind": "exceptional",
        "summary": "Dũng cảm cứu người bị nạn trong vụ cháy nhà dân trên phố Kim Giang.", **more,
    }  # fmt: skip


async def test_an_ad_hoc_dossier_names_its_deed_and_is_sent_within_the_window(
    http: httpx.AsyncClient, token: Any, ad_hoc_round: str, clock: Any, mongo: Any, namespace: str
) -> None:
    officer = bearer(token("unit_officer", "p-kim-giang"))
    outsider = bearer(token("unit_officer", "p-ha-dinh"))
    refused = await http.post("/dossiers", json=body(deed_on="2019-01-01"), headers=outsider)
    assert refused.status_code == 403  # before the day is judged

    cases = {
        None: "DEED_DATE_REQUIRED",
        (TODAY + timedelta(days=1)).isoformat(): "DEED_IN_FUTURE",
        (TODAY - timedelta(days=31)).isoformat(): "AD_HOC_WINDOW_PASSED",
    }
    for deed_on, code in cases.items():
        got = await http.post("/dossiers", json=body(deed_on=deed_on), headers=officer)
        assert (got.status_code, got.json()["error"]["code"], got.json()["error"]["field"]) == (
            422,
            code,
            "deed_on",
        )
    late = await http.post("/dossiers", json=body(deed_on="2019-12-30"), headers=officer)
    assert late.json()["error"]["message"] == (
        "Khen thưởng đột xuất phải đề nghị trong 30 ngày kể từ ngày lập thành tích (30/12/2019), tức đến hết "
        "ngày 29/01/2020; hãy đề nghị theo đợt hoặc cuối năm."
    )

    drafted = await http.post("/dossiers", json=body(deed_on="2020-01-25"), headers=officer)
    assert drafted.status_code == 201, drafted.text
    dossier = drafted.json()
    assert dossier["deed_on"] == "2020-01-25"
    for kind, name, content in (
        ("achievement_report", "bc.pdf", PDF),
        ("council_minutes", "bb.docx", _docx()),
    ):
        sent = await http.post(
            f"/dossiers/{dossier['dossier_id']}/attachments", data={"kind": kind},
            files={"file": (name, content, "application/octet-stream")}, headers=officer,
        )  # fmt: skip
        assert sent.status_code == 201, sent.text

    clock.now = clock.now + timedelta(days=30)  # 29/02: the window closed on 24/02
    closed = await http.post(f"/dossiers/{dossier['dossier_id']}/submit", headers=officer)
    assert (closed.status_code, closed.json()["error"]["code"]) == (422, "AD_HOC_WINDOW_PASSED")
    clock.now = clock.now - timedelta(days=26)  # 03/02: still open
    submitted = await http.post(f"/dossiers/{dossier['dossier_id']}/submit", headers=officer)
    assert submitted.status_code == 200, submitted.text
    doc = await mongo[f"{namespace}_registration"]["dossiers"].find_one({"_id": dossier["dossier_id"]})
    [entry] = doc["_outbox"]
    assert (
        entry["envelope"]["payload"]["deed_on"] == "2020-01-25"
    )  # review and the reports know the deed's day
