"""Dossiers and decisions roll up the tree exactly once; a level drills down to its children."""

from __future__ import annotations

import io
from typing import Any

import httpx
from openpyxl import load_workbook

from emutrack_contracts import samples
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from reporting.config import Settings
from reporting.entrypoints.http import create_app

from .conftest import reporting_knowing

TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-ha-dinh", "Phường Hạ Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
]


def decision(number: str, award: str, awardees: list[str]) -> Any:
    return samples.decision_issued(number, awardees, award=award)


async def test_dossiers_and_awards_count_once_up_the_tree_and_drill_down(
    service_env: Any, token: Any
) -> None:
    deps, on = await reporting_knowing(TREE)
    dossiers = [
        samples.nomination_submitted("hs-1", award_code="tap_the_ldxs"),
        samples.nomination_submitted("hs-2", award_code="bang_khen_thanh_pho"),
    ]
    decisions = [decision("2150/QĐ-UBND", "tap_the_ldxs", ["p-kim-giang", "p-ha-dinh"])]
    for _ in range(2):  # everything redelivered, as after a crash
        for offset, event in enumerate(dossiers):
            await on["nomination.submitted"](event, Position("nominations", 0, offset))
        await on["decision.issued"](decisions[0], Position("review", 0, 0))
    await on["decision.issued"](decisions[0], Position("review", 0, 5))  # republished by the relay

    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting") as http:
        office = bearer(token("standing_office", "q-thanh-xuan"))
        district = (await http.get("/units/q-thanh-xuan/counts?period=2020", headers=office)).json()
        assert district["dossiers_total"] == 2
        assert district["dossiers_by_award"] == {"tap_the_ldxs": 1, "bang_khen_thanh_pho": 1}
        assert (district["awards_total"], district["awards_by_level"]) == (2, {"district": 2})
        city = (
            await http.get("/units/ha-noi/counts?period=2020", headers=bearer(token("viewer", "ha-noi")))
        ).json()
        assert (city["dossiers_total"], city["awards_by_award"]) == (2, {"tap_the_ldxs": 2})

        children = await http.get("/units/q-thanh-xuan/children/counts?period=2020", headers=office)
        assert children.status_code == 200
        rows = {c["unit_id"]: c for c in children.json()}
        assert set(rows) == {"p-kim-giang", "p-ha-dinh"}
        assert (rows["p-kim-giang"]["dossiers_total"], rows["p-kim-giang"]["awards_total"]) == (2, 1)
        assert (rows["p-ha-dinh"]["dossiers_total"], rows["p-ha-dinh"]["awards_total"]) == (0, 1)
        assert rows["p-ha-dinh"]["unit_name"] == "Phường Hạ Đình"

        sheet = await http.get("/units/q-thanh-xuan/awards.xlsx?period=2020", headers=office)
        assert sheet.status_code == 200
        assert sheet.headers["content-type"].startswith("application/vnd.openxmlformats")
        rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
        assert rows[0][0] == "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG NĂM 2020"
        assert rows[1][0] == "Đơn vị: Quận Thanh Xuân (kể cả các đơn vị trực thuộc)"
        assert rows[3][:4] == ("STT", "Tên tập thể, cá nhân", "Tập thể / cá nhân", "Hình thức khen thưởng")
        assert [r[:2] + r[4:] for r in rows[4:]] == [
            (1, "p-ha-dinh", "2150/QĐ-UBND", "30/12/2020", "Quận Thanh Xuân", "Phường Hạ Đình"),
            (2, "p-kim-giang", "2150/QĐ-UBND", "30/12/2020", "Quận Thanh Xuân", "Phường Kim Giang"),
        ]  # each awardee once, though the decision came three times
        ward = bearer(token("unit_officer", "p-kim-giang"))
        own = await http.get("/units/p-kim-giang/awards.xlsx?period=2020", headers=ward)
        assert len(list(load_workbook(io.BytesIO(own.content)).active.iter_rows())) == 5  # its own only
        refused = await http.get("/units/q-thanh-xuan/children/counts?period=2020", headers=ward)
        assert refused.status_code == 403
        unknown = await http.get("/units/q-khong-co/children/counts?period=2020", headers=office)
        assert unknown.status_code == 404


async def test_a_decision_naming_an_unknown_unit_is_parked_then_counted_when_the_unit_appears(
    service_env: Any,
) -> None:
    deps, on = await reporting_knowing(TREE)
    event = decision("88/QĐ-UBND", "giay_khen", ["p-kim-giang", "p-moi"])
    await on["decision.issued"](event, Position("review", 1, 0))
    await on["decision.issued"](event, Position("review", 1, 0))  # redelivered while parked
    assert await deps.work.parked.count() == 1
    assert await deps.work.counters.document("q-thanh-xuan:2020") is None  # nothing counted yet, nothing lost

    new_ward = samples.unit_created("p-moi", "Phường Mới", "ward", ["ha-noi", "q-thanh-xuan"])
    for _ in range(2):  # the unit's event redelivered: the parked decision is counted once
        await on["unit.created"](new_ward, Position("units", 0, 9))
    await on["decision.issued"](event, Position("review", 1, 0))  # and the decision redelivered again
    assert await deps.work.parked.count() == 0
    district = await deps.work.counters.document("q-thanh-xuan:2020")
    assert district is not None
    assert (district["awards_total"], district["awards_by_award"]) == (2, {"giay_khen": 2})
    new = await deps.work.counters.document("p-moi:2020")
    assert new is not None
    assert new["awards_total"] == 1


async def test_a_parked_decision_counts_even_after_later_decisions_of_its_partition(service_env: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    waiting = decision("90/QĐ-UBND", "giay_khen", ["p-moi-2"])
    later = decision("91/QĐ-UBND", "giay_khen", ["p-kim-giang"])
    await on["decision.issued"](waiting, Position("review", 2, 0))  # parked
    await on["decision.issued"](later, Position("review", 2, 1))  # counted: the city has seen offset 1
    new_ward = samples.unit_created("p-moi-2", "Phường Mới 2", "ward", ["ha-noi", "q-thanh-xuan"])
    for _ in range(2):
        await on["unit.created"](new_ward, Position("units", 0, 10))
    await on["decision.issued"](waiting, Position("review", 2, 0))  # redelivered after it was counted
    city = await deps.work.counters.document("ha-noi:2020")
    assert city is not None
    assert (city["awards_total"], city["awards_by_award"]) == (2, {"giay_khen": 2})
