"""A simulated month of the 2020 Thanh Xuân round: each reminder once on each channel, late units reported."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit.consumer import Position
from emutrack_kit_testing.receivers import smtp_receiver, webhook_receiver
from notify import bootstrap
from notify.adapters.webhook_client import WebhookClient
from notify.config import Settings
from notify.domain.settings import Contact, WebhookSubscription
from notify.usecases import reminders

POS = Position("t", 0, 0)
WARDS = {
    "p-ha-dinh": "Phường Hạ Đình",
    "p-khuong-dinh": "Phường Khương Đình",
    "p-kim-giang": "Phường Kim Giang",
}


async def deliver(workers: list[Any], deps: Any) -> None:
    """Run the delivery workers until nothing is queued."""
    while await deps.deliveries.queued():
        for worker in workers:
            await worker.publish_pending()


async def test_a_month_of_reminders_each_once_and_the_late_units_reported(
    service_env: Any, infra: Any, namespace: str
) -> None:
    with smtp_receiver() as smtp, webhook_receiver() as portal:
        settings = Settings(smtp_port=smtp.port)
        deps = bootstrap.deps(settings)
        webhooks = WebhookClient()
        try:
            await play_the_month(deps, bootstrap.delivery_workers(deps, settings, webhooks), portal.url())
        finally:
            await webhooks.close()
        mails = sorted((str(m["To"].addresses[0].addr_spec), str(m["Subject"])) for m in smtp.messages)
        calls = [json.loads(c.body) for c in portal.received()]
    await check_the_inbox(infra, namespace)
    # The same reminders by e-mail (each ward's officer gave an address), each once...
    to_kim_giang = [s for a, s in mails if a == "thidua@kimgiang.hanoi.gov.vn"]
    assert to_kim_giang == ["[Còn 3 ngày] Đăng ký thi đua năm 2020", "[Còn 7 ngày] Đăng ký thi đua năm 2020"]
    assert len([a for a, _ in mails if a == "thidua@hadinh.hanoi.gov.vn"]) == 4
    assert [s for a, s in mails if a == "vanphong@thanhxuan.hanoi.gov.vn"] == [
        "2 đơn vị chưa gửi: Đăng ký thi đua năm 2020",  # the late units, and Kim Giang's registration
        "Phường Kim Giang đăng ký thi đua năm 2020",
    ]
    assert len(mails) == 2 + 4 + 4 + 2
    # ...and to Hạ Đình's portal, one call per reminder (not one per role reached).
    assert sorted(c["payload"]["offset"] for c in calls) == [0, 1, 3, 7]
    assert {c["roles"][0] for c in calls} == {"unit_officer"}


async def play_the_month(deps: Any, workers: list[Any], hook_url: str) -> None:
    """The tree, the round, addresses and a portal; then 31 days of sweeps, Kim Giang registering."""
    on = bootstrap.event_handlers(deps)
    await on["unit.created"](samples.unit_created("q-thanh-xuan", "Quận Thanh Xuân", "district", []), POS)
    for ward, name in WARDS.items():
        await on["unit.created"](samples.unit_created(ward, name, "ward", ["q-thanh-xuan"]), POS)
        address = f"thidua@{ward.removeprefix('p-').replace('-', '')}.hanoi.gov.vn"
        await deps.unit_settings.set_contacts(
            ward, {"unit_officer": [Contact("Cán bộ thi đua", address)]}, [], datetime.now(UTC)
        )
    office = [Contact("Văn phòng", "vanphong@thanhxuan.hanoi.gov.vn")]
    await deps.unit_settings.set_contacts("q-thanh-xuan", {"standing_office": office}, [], datetime.now(UTC))
    hook = WebhookSubscription("cong-ha-dinh", hook_url, kinds=("deadline",), secret="bí mật")
    await deps.unit_settings.add_webhook("p-ha-dinh", hook)
    opened = RoundOpened(
        round_id="dk-2020-q-thanh-xuan", name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC),
    )  # fmt: skip
    await on["round.opened"](
        new_event("round.opened", unit_path=["q-thanh-xuan"], actor="t", payload=opened), POS
    )
    kim_giang = samples.registration_submitted("tap_the_lao_dong_tien_tien", round_id="dk-2020-q-thanh-xuan")
    for day in range(31):  # 20/01 → 19/02/2020, the sweeper running twice a day (two consumers, or a restart)
        now = datetime(2020, 1, 20, 1, 0, tzinfo=UTC) + timedelta(days=day)
        if now.date() == date(2020, 2, 3):
            await on["registration.submitted"](kim_giang, POS)  # Kim Giang registers two days before
        for _ in range(2):
            await reminders.send_due_reminders(deps, now)
            await deliver(workers, deps)


async def check_the_inbox(infra: Any, namespace: str) -> None:
    """Each in-app reminder once, none after Kim Giang registered; the late units reported."""
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
