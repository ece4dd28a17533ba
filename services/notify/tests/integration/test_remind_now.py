"""The receiving office reminds the units still to submit now: each once per request, the late as late."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit_testing.helpers import bearer

from .conftest import POS, NotifyWorld

ROUND = "r"  # the round samples.registration_submitted submits to
DEADLINE = datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC)  # 05/02/2020 in Hà Nội
PATH = ["ha-noi", "q-thanh-xuan"]


async def _opened(world: NotifyWorld) -> None:
    opened = RoundOpened(
        round_id=ROUND, name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=DEADLINE,
    )  # fmt: skip
    await world.on["round.opened"](new_event("round.opened", unit_path=PATH, actor="t", payload=opened), POS)
    await world.on["registration.submitted"](
        samples.registration_submitted("tap_the_lao_dong_tien_tien"), POS
    )


async def _subjects(world: NotifyWorld, token: Any, unit: str) -> list[str]:
    page = (await world.http.get("/inbox", headers=bearer(token("unit_officer", unit)))).json()
    return [m["subject"] for m in page["items"]]


async def test_the_office_reminds_the_units_still_to_submit_once_per_request(
    token: Any, open_notify: Any
) -> None:
    world: NotifyWorld = await open_notify()
    world.deps.clock = lambda: datetime(2020, 1, 20, 2, 0, tzinfo=UTC)  # 16 days before the deadline
    await _opened(world)
    office = {**bearer(token("standing_office", "q-thanh-xuan")), "Idempotency-Key": "k-1"}

    for _ in range(2):  # a double click: one reminder
        reminded = await world.http.post(f"/rounds/{ROUND}/reminders", headers=office)
        assert reminded.status_code == 201, reminded.text
        assert reminded.json()["reminded"] == [{"unit_id": "p-ha-dinh", "unit_name": "Phường Hạ Đình"}]
    assert await _subjects(world, token, "p-ha-dinh") == ["Còn 16 ngày: Đăng ký thi đua năm 2020"]
    assert await _subjects(world, token, "p-kim-giang") == []  # it submitted

    named = await world.http.post(
        f"/rounds/{ROUND}/reminders",
        json={"unit_ids": ["p-kim-giang"]},
        headers=bearer(token("standing_office", "q-thanh-xuan")),
    )
    assert named.status_code == 422
    assert named.json()["error"]["code"] == "NOT_MISSING"
    assert "Phường Kim Giang" in named.json()["error"]["message"]

    world.deps.clock = lambda: datetime(2020, 2, 10, 2, 0, tzinfo=UTC)  # after the deadline
    late = await world.http.post(
        f"/rounds/{ROUND}/reminders", json={"unit_ids": ["p-ha-dinh"]},
        headers={**office, "Idempotency-Key": "k-2"},
    )  # fmt: skip
    assert late.status_code == 201, late.text
    assert (await _subjects(world, token, "p-ha-dinh"))[0] == "Đã quá hạn: Đăng ký thi đua năm 2020"


async def test_only_an_office_above_the_round_reminds(token: Any, open_notify: Any) -> None:
    world: NotifyWorld = await open_notify()
    await _opened(world)
    ward = await world.http.post(
        f"/rounds/{ROUND}/reminders", headers=bearer(token("unit_officer", "p-ha-dinh"))
    )
    assert ward.status_code == 403
    assert await _subjects(world, token, "p-ha-dinh") == []
    unknown = await world.http.post(
        "/rounds/khong-co/reminders", headers=bearer(token("standing_office", "q-thanh-xuan"))
    )
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "UNKNOWN_ROUND"
