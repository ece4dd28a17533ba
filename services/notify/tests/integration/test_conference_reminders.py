"""Wards whose district awaits their conference's results report are reminded of the day (issue 18.1)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import ConferencePlanned, ConferenceReported
from emutrack_kit_testing.helpers import bearer
from notify.usecases.reminders import send_due_reminders

from .conftest import POS, NotifyWorld

DISTRICT = "hn-2020-q-hoan-kiem"
THREE_DAYS_BEFORE = datetime(2020, 3, 17, 2, 0, tzinfo=UTC)  # 17/03 in Hà Nội; reports due 20/03


async def reminders_of(world: NotifyWorld, token: Any, unit: str) -> list[str]:
    page = (await world.http.get("/inbox", headers=bearer(token("unit_officer", unit)))).json()
    return [i["body"] for i in page["items"] if i["subject"].startswith("Còn 3 ngày")]


async def test_wards_that_have_not_reported_their_conference_are_reminded(
    token: Any, open_notify: Any
) -> None:
    world: NotifyWorld = await open_notify()
    on = world.on
    await on["unit.created"](
        samples.unit_created("q-hoan-kiem", "Quận Hoàn Kiếm", "district", ["ha-noi"]), POS
    )
    for ward, name in (("p-hang-bac", "Phường Hàng Bạc"), ("p-trang-tien", "Phường Tràng Tiền")):
        await on["unit.created"](samples.unit_created(ward, name, "ward", ["ha-noi", "q-hoan-kiem"]), POS)
    planned = ConferencePlanned(
        conference_id=DISTRICT, level_unit_id="q-hoan-kiem", level_name="Quận Hoàn Kiếm",
        name="Hội nghị điển hình tiên tiến quận Hoàn Kiếm", hold_by=date(2020, 3, 31),
        reports_due=date(2020, 3, 20), planned_at=datetime(2019, 12, 10, tzinfo=UTC),
    )  # fmt: skip
    path = ["ha-noi", "q-hoan-kiem"]
    await on["conference.planned"](
        new_event("conference.planned", unit_path=path, actor="t", payload=planned), POS
    )
    reported = ConferenceReported(
        conference_id="hn-2020-p-hang-bac", level_unit_id="p-hang-bac", level_name="Phường Hàng Bạc",
        parent_conference_id=DISTRICT, held_on=date(2020, 3, 9), attended=20, honoured=8, on_time=True,
        reported_at=datetime(2020, 3, 10, tzinfo=UTC),
    )  # fmt: skip
    event = new_event("conference.reported", unit_path=[*path, "p-hang-bac"], actor="t", payload=reported)
    await on["conference.reported"](event, POS)
    await on["conference.reported"](event, POS)  # redelivered: changes nothing

    await send_due_reminders(world.deps, THREE_DAYS_BEFORE)
    await send_due_reminders(world.deps, THREE_DAYS_BEFORE)  # the sweep run twice: once each

    assert await reminders_of(world, token, "p-hang-bac") == []  # reported
    assert await reminders_of(world, token, "p-trang-tien") == [
        "Phường Tràng Tiền chưa gửi báo cáo kết quả hội nghị điển hình tiên tiến trong đợt "
        "“Hội nghị điển hình tiên tiến quận Hoàn Kiếm”. Hạn cuối: ngày 20/03/2020."
    ]
