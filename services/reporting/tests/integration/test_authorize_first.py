"""Authorize before validating: an outsider is refused before learning how its query would be judged."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from reporting.config import Settings
from reporting.entrypoints.http import create_app

from .conftest import reporting_knowing

ROUND = "dk-2020-q-thanh-xuan"
TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("q-hoang-mai", "Quận Hoàng Mai", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
]
INVALID = [
    "/units/p-kim-giang/counts?period=abc",
    "/units/p-kim-giang/children/counts?period=2020&as_of=2020-13",
    "/units/p-kim-giang/awards.xlsx?period=2020&by=signing",
    "/units/p-kim-giang/reports/five-year.docx?from=1900",
    "/units/p-kim-giang/charts/awards-by-level.gif?from=2020&to=2021",
    f"/rounds/{ROUND}/charts/coverage.gif",
]


@pytest.mark.parametrize("url", INVALID)
async def test_an_outsider_is_refused_before_its_query_is_validated(
    service_env: Any, token: Any, url: str
) -> None:
    deps, on = await reporting_knowing(TREE)
    opened = RoundOpened(
        round_id=ROUND, name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC),
    )  # fmt: skip
    event = new_event("round.opened", unit_path=["ha-noi", "q-thanh-xuan"], actor="t", payload=opened)
    await on["round.opened"](event, Position("rounds", 0, 0))
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting") as http:
        outsider = await http.get(url, headers=bearer(token("standing_office", "q-hoang-mai")))
        assert outsider.status_code == 403, outsider.text
        assert outsider.json()["error"]["code"] == "FORBIDDEN_UNIT"
        insider = await http.get(url, headers=bearer(token("standing_office", "q-thanh-xuan")))
        assert insider.status_code == 422, insider.text
        assert insider.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_an_unknown_unit_is_not_found_before_its_query_is_validated(
    service_env: Any, token: Any
) -> None:
    deps, _ = await reporting_knowing(TREE)
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting") as http:
        response = await http.get(
            "/units/p-khong-co/counts?period=abc", headers=bearer(token("admin", "ha-noi"))
        )
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "UNKNOWN_UNIT"
