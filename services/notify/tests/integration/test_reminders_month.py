"""A simulated month of the 2020 Thanh Xuân registration round: each reminder once, late units reported."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit.consumer import Position
from notify import bootstrap, reminder_handlers
from notify.config import Settings

POS = Position("t", 0, 0)
WARDS = {
    "p-ha-dinh": "Phường Hạ Đình",
    "p-khuong-dinh": "Phường Khương Đình",
    "p-kim-giang": "Phường Kim Giang",
}


async def test_a_month_of_reminders_each_once_and_the_late_units_reported(
    service_env: Any, infra: Any, namespace: str
) -> None:
    deps = bootstrap.deps(Settings())
    on = bootstrap.event_handlers(deps)
    await on["unit.created"](samples.unit_created("q-thanh-xuan", "Quận Thanh Xuân", "district", []), POS)
    for ward, name in WARDS.items():
        await on["unit.created"](samples.unit_created(ward, name, "ward", ["q-thanh-xuan"]), POS)
    opened = RoundOpened(
        round_id="dk-2020-q-thanh-xuan", name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC),
    )  # fmt: skip
    await on["round.opened"](
        new_event("round.opened", producer="t", unit_path=["q-thanh-xuan"], actor="t", payload=opened), POS
    )
    kim_giang = samples.registration_submitted("tap_the_lao_dong_tien_tien", round_id="dk-2020-q-thanh-xuan")
    for day in range(31):  # 20/01 → 19/02/2020, the sweeper running twice a day (two consumers, or a restart)
        now = datetime(2020, 1, 20, 1, 0, tzinfo=UTC) + timedelta(days=day)
        if now.date() == date(2020, 2, 3):
            await on["registration.submitted"](kim_giang, POS)  # Kim Giang registers two days before
        for _ in range(2):
            await reminder_handlers.send_due_reminders(deps, now)
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb)
    try:
        inbox = await client[f"{namespace}_notify"]["inbox"].find({}).to_list(None)
    finally:
        await client.close()
    reminders = sorted((m["recipient"], m["subject"]) for m in inbox if m["_id"].startswith("reminder:"))
    per_unit = {w: [s for r, s in reminders if r == f"unit_officer@{w}"] for w in WARDS}
    # Kim Giang registered on 03/02, after the 3-day reminder (02/02): nothing after that.
    assert per_unit["p-kim-giang"] == [
        "Còn 3 ngày: Đăng ký thi đua năm 2020",
        "Còn 7 ngày: Đăng ký thi đua năm 2020",
    ]
    for ward in ("p-ha-dinh", "p-khuong-dinh"):
        assert sorted(per_unit[ward]) == sorted(
            ["Còn 7 ngày: Đăng ký thi đua năm 2020", "Còn 3 ngày: Đăng ký thi đua năm 2020",
             "Còn 1 ngày: Đăng ký thi đua năm 2020", "Hôm nay là hạn cuối: Đăng ký thi đua năm 2020"]
        )  # fmt: skip
    assert len([r for r, _ in reminders if r.startswith("unit_head@")]) == len(reminders) // 2
    [late] = [m for m in inbox if m["_id"].startswith("late:")]
    assert late["recipient"] == "standing_office@q-thanh-xuan"
    assert late["subject"] == "2 đơn vị chưa gửi: Đăng ký thi đua năm 2020"
    assert "- Phường Hạ Đình\n- Phường Khương Đình" in late["body"]
    assert "hết hạn ngày 05/02/2020" in late["body"]
