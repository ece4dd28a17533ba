"""A round's coverage: the receiving unit's children on time, late (listed) and missing (listed)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from reporting.config import Settings
from reporting.entrypoints.http import create_app

from .conftest import reporting_knowing

ROUND = "dk-2020-q-thanh-xuan"
DEADLINE = datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC)
TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-ha-dinh", "Phường Hạ Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-khuong-dinh", "Phường Khương Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
]


async def test_coverage_counts_first_submissions_against_the_deadline(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    opened = RoundOpened(
        round_id=ROUND, name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=DEADLINE,
    )  # fmt: skip
    await on["round.opened"](
        new_event(
            "round.opened", producer="t", unit_path=["ha-noi", "q-thanh-xuan"], actor="t", payload=opened
        ),
        Position("rounds", 0, 0),
    )
    early = samples.registration_submitted(
        "ttldtt", round_id=ROUND, submitted_at=datetime(2020, 2, 1, tzinfo=UTC)
    )
    # Hạ Đình's list comes after the deadline; a second registration by Kim Giang, later, changes nothing.
    late_list = samples.people_listed(1, ["ldtt"]).model_copy(
        update={
            "payload": {
                **samples.people_listed(1, ["ldtt"]).payload,
                "round_id": ROUND, "unit_id": "p-ha-dinh", "list_id": f"{ROUND}|p-ha-dinh",
                "submitted_at": "2020-02-07T03:00:00Z",
            }
        }
    )  # fmt: skip
    again = samples.registration_submitted(
        "co_tp", round_id=ROUND, submitted_at=datetime(2020, 2, 9, tzinfo=UTC)
    )
    events = [early, late_list, again]
    for _ in range(2):  # redelivered
        for offset, event in enumerate(events):
            await on[event.event_type](event, Position("registrations", 0, offset))

    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting") as http:
        office = bearer(token("standing_office", "q-thanh-xuan"))
        response = await http.get(f"/rounds/{ROUND}/coverage", headers=office)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["expected"], body["on_time"], body["percent_on_time"]) == (3, 1, 33.3)
        assert body["late_units"] == [{"unit_id": "p-ha-dinh", "name": "Phường Hạ Đình"}]
        assert body["missing_units"] == [{"unit_id": "p-khuong-dinh", "name": "Phường Khương Đình"}]
        ward = bearer(token("unit_officer", "p-kim-giang"))
        assert (await http.get(f"/rounds/{ROUND}/coverage", headers=ward)).status_code == 403
        assert (await http.get("/rounds/khong-co/coverage", headers=office)).status_code == 404
