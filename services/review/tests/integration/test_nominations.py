"""A level's inbox of nominations: received from events, returned with reasons, received again."""

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
NOMINATION = "hs-1@q-thanh-xuan"


@pytest.fixture
async def review(service_env: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 12, 20, 3, 0, tzinfo=UTC))
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield deps, http


async def _events(mongo: Any, namespace: str) -> list[tuple[str, list[str]]]:
    doc = await mongo[f"{namespace}_review"]["nominations"].find_one({"_id": NOMINATION})
    return [(e["envelope"]["payload"]["status"], e["envelope"]["payload"]["reasons"]) for e in doc["_outbox"]]


async def test_a_returned_dossier_comes_back_once_and_every_step_is_published(
    review: Any, token: Any, mongo: Any, namespace: str
) -> None:
    deps, http = review
    on = bootstrap.event_handlers(deps)
    first = samples.nomination_submitted()
    await on["nomination.submitted"](first, POS)
    await on["nomination.submitted"](first, POS)  # redelivered: nothing new
    office = bearer(token("standing_office", "q-thanh-xuan"))
    inbox = (await http.get("/nominations?year=2020&status=received", headers=office)).json()
    assert [n["nomination_id"] for n in inbox["items"]] == [NOMINATION]

    reasons = ["Thiếu biên bản họp Hội đồng TĐKT phường", "Báo cáo thành tích chưa có xác nhận"]
    returned = await http.post(f"/nominations/{NOMINATION}/return", json={"reasons": reasons}, headers=office)
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"
    again = await http.post(f"/nominations/{NOMINATION}/return", json={"reasons": reasons}, headers=office)
    assert again.status_code == 409

    resubmitted = samples.nomination_submitted(summary="Hoàn thành xuất sắc nhiệm vụ năm 2020, đã bổ sung.")
    await on["nomination.submitted"](resubmitted, POS)
    await on["nomination.submitted"](resubmitted, POS)
    await on["nomination.submitted"](first, POS)  # the old submission replayed: no effect
    ward = bearer(token("unit_officer", "p-kim-giang"))
    seen = (await http.get(f"/nominations/{NOMINATION}", headers=ward)).json()
    assert seen["status"] == "received"
    assert seen["summary"].endswith("đã bổ sung.")
    assert [h["status"] for h in seen["history"]] == ["received", "returned", "received"]
    assert await _events(mongo, namespace) == [("received", []), ("returned", reasons), ("received", [])]


async def test_only_the_receiving_office_returns_and_others_do_not_see(review: Any, token: Any) -> None:
    deps, http = review
    await bootstrap.event_handlers(deps)["nomination.submitted"](samples.nomination_submitted(), POS)
    body = {"reasons": ["Thiếu biên bản họp"]}
    for role, unit in [
        ("unit_officer", "p-kim-giang"),
        ("standing_office", "ha-noi"),
        ("viewer", "q-thanh-xuan"),
    ]:
        response = await http.post(
            f"/nominations/{NOMINATION}/return", json=body, headers=bearer(token(role, unit))
        )
        assert response.status_code == 403, (role, unit)
    other = bearer(token("standing_office", "q-hoang-mai"))
    assert (await http.get(f"/nominations/{NOMINATION}", headers=other)).status_code == 403
    assert (await http.get("/nominations", headers=other)).json()["total"] == 0
    city = bearer(token("viewer", "ha-noi"))
    assert (await http.get("/nominations?q=kim giang", headers=city)).json()["total"] == 1
    empty = await http.post(
        f"/nominations/{NOMINATION}/return",
        json={"reasons": []},
        headers=bearer(token("standing_office", "q-thanh-xuan")),
    )
    assert empty.status_code == 422
