"""A unit given more time hears of it, is reminded by its own deadline and is reported late only after it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import RoundExtensionGranted, RoundOpened
from emutrack_kit_testing.helpers import bearer
from notify.usecases.reminders import send_due_reminders

from .conftest import POS, NotifyWorld

ROUND = "dk-2020-q-thanh-xuan"
DEADLINE = datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC)  # 05/02 in Hà Nội
OWN_DEADLINE = datetime(2020, 2, 12, 16, 59, 59, tzinfo=UTC)  # 12/02 in Hà Nội
PATH = ["ha-noi", "q-thanh-xuan"]


def _on(day: int) -> datetime:
    return datetime(2020, 2, day, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội


async def _inbox(world: NotifyWorld, token: Any, role: str, unit: str) -> list[dict[str, Any]]:
    page = (await world.http.get("/inbox", headers=bearer(token(role, unit)))).json()
    return list(page["items"])


async def test_an_extension_moves_one_units_reminders_and_late_report(token: Any, open_notify: Any) -> None:
    world: NotifyWorld = await open_notify()
    opened = RoundOpened(
        round_id=ROUND, name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=DEADLINE,
    )  # fmt: skip
    await world.on["round.opened"](new_event("round.opened", unit_path=PATH, actor="t", payload=opened), POS)
    granted = RoundExtensionGranted(
        round_id=ROUND, round_name="Đăng ký thi đua năm 2020", receiving_unit_id="q-thanh-xuan",
        unit_id="p-ha-dinh", unit_name="Phường Hạ Đình", deadline=OWN_DEADLINE,
        reason="Phường đang kiện toàn cán bộ", granted_at=_on(4),
    )  # fmt: skip
    event = new_event("round.extension_granted", unit_path=PATH, actor="t", payload=granted)
    for _ in range(2):  # redelivered: heard once
        await world.on["round.extension_granted"](event, POS)

    [heard] = await _inbox(world, token, "unit_officer", "p-ha-dinh")
    assert heard["subject"] == "Gia hạn nộp đợt “Đăng ký thi đua năm 2020” cho Phường Hạ Đình"
    assert "Quận Thanh Xuân" in heard["body"]
    assert "đến hết ngày 12/02/2020" in heard["body"]

    for day in (5, 6, 11, 13):
        await send_due_reminders(world.deps, _on(day))
    office = await _inbox(world, token, "standing_office", "q-thanh-xuan")
    reports = sorted(i["body"] for i in office if i["subject"].endswith("chưa gửi: Đăng ký thi đua năm 2020"))
    assert len(reports) == 2, reports
    round_report = next(r for r in reports if "ngày 05/02/2020" in r)
    assert "Phường Hạ Đình" not in round_report  # it still had time
    own_report = next(r for r in reports if "ngày 12/02/2020" in r)
    assert own_report.endswith("- Phường Hạ Đình")
    ha_dinh = [i["subject"] for i in await _inbox(world, token, "unit_officer", "p-ha-dinh")]
    assert "Còn 1 ngày: Đăng ký thi đua năm 2020" in ha_dinh  # reminded on 11/02 by its own deadline
