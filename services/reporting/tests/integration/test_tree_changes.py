"""Reporting's tree follows moves, retirements and merges: drill-down, access and coverage with it."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.org import UnitMerged, UnitMoved, UnitRetired
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from reporting.config import Settings
from reporting.entrypoints.http import create_app

from .conftest import reporting_knowing

TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("q-hoang-mai", "Quận Hoàng Mai", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-ha-dinh", "Phường Hạ Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-khuong-dinh", "Phường Khương Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("th-ha-dinh", "Trường Tiểu học Hạ Đình", "school", ["ha-noi", "q-thanh-xuan", "p-ha-dinh"]),
]
ON = date(2025, 7, 1)


def org(event_type: str, payload: Any) -> Any:
    return new_event(event_type, producer="registration", unit_path=["ha-noi"], actor="t", payload=payload)


async def test_moves_retirements_and_merges_reshape_drill_down_and_access(
    service_env: Any, token: Any
) -> None:
    deps, on = await reporting_knowing(TREE)
    await on["registration.submitted"](samples.registration_submitted("ttldtt"), Position("reg", 0, 0))
    in_2026 = samples.registration_submitted("ttldtt", year=2026, registration_id="reg-2026")
    await on["registration.submitted"](in_2026, Position("reg", 0, 1))
    moved = UnitMoved(
        unit_id="p-ha-dinh", from_parent_id="q-thanh-xuan", to_parent_id="q-hoang-mai",
        effective_date=ON, parents=[], operation_id="op-1",
    )  # fmt: skip
    retired = UnitRetired(
        unit_id="p-khuong-dinh", effective_date=ON, valid_to=date(2025, 6, 30), successor_id=None,
        parents=[], operation_id="op-2",
    )  # fmt: skip
    merged = UnitMerged(
        unit_id="p-thanh-xuan-moi", name="Phường Thanh Xuân Mới", parent_id="q-thanh-xuan",
        source_ids=["p-kim-giang"], effective_date=ON, operation_id="op-3",
    )  # fmt: skip
    changes = [org("unit.moved", moved), org("unit.retired", retired), org("unit.merged", merged)]
    for _ in range(2):  # redelivered: the same tree
        for offset, event in enumerate(changes):
            await on[event.event_type](event, Position("units", 1, offset))

    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting") as http:

        async def children(unit: str, period: str, role: str = "standing_office") -> list[str]:
            response = await http.get(
                f"/units/{unit}/children/counts?period={period}", headers=bearer(token(role, unit))
            )
            assert response.status_code == 200, response.text
            return [c["unit_id"] for c in response.json()]

        # A period's views use the tree of that period (ADR 0019): 2020 before the changes, 2026 after.
        assert await children("q-thanh-xuan", "2020") == ["p-ha-dinh", "p-khuong-dinh", "p-kim-giang"]
        assert await children("q-hoang-mai", "2020") == []
        assert await children("q-thanh-xuan", "2026") == ["p-thanh-xuan-moi"]
        assert await children("q-hoang-mai", "2026") == ["p-ha-dinh"]
        assert await children("p-ha-dinh", "2026", "unit_officer") == [
            "th-ha-dinh"
        ]  # its school moved with it
        tree = await deps.work.tree.tree()
        assert tree.path_on("th-ha-dinh", date(2026, 1, 1)) == (
            "ha-noi",
            "q-hoang-mai",
            "p-ha-dinh",
            "th-ha-dinh",
        )
        assert tree.path_on("th-ha-dinh", date(2020, 1, 1)) == (
            "ha-noi",
            "q-thanh-xuan",
            "p-ha-dinh",
            "th-ha-dinh",
        )

        hoang_mai = bearer(token("standing_office", "q-hoang-mai"))
        thanh_xuan = bearer(token("standing_office", "q-thanh-xuan"))
        assert (await http.get("/units/th-ha-dinh/counts?period=2026", headers=hoang_mai)).status_code == 200
        assert (await http.get("/units/th-ha-dinh/counts?period=2026", headers=thanh_xuan)).status_code == 403
        assert (await http.get("/units/th-ha-dinh/counts?period=2020", headers=thanh_xuan)).status_code == 200
        assert (await http.get("/units/th-ha-dinh/counts?period=2020", headers=hoang_mai)).status_code == 403
        # Kim Giang's 2020 registration stays counted where it was, under the district of its day.
        district = (await http.get("/units/q-thanh-xuan/counts?period=2020", headers=thanh_xuan)).json()
        assert district["registrations_total"] == 1
