"""Reminders for every kind of round follow the tree as it changes and count every kind of submission."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.org import UnitMerged, UnitMoved, UnitRetired
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit_testing.helpers import bearer
from notify.usecases.reminders import send_due_reminders

from .conftest import POS, NotifyWorld

DEADLINE = datetime(2020, 12, 15, 16, 59, 59, tzinfo=UTC)  # 15/12 in Hà Nội
SEVEN_DAYS_BEFORE = datetime(2020, 12, 8, 2, 0, tzinfo=UTC)


def round_opened(round_id: str, kind: str, name: str) -> Any:
    payload = RoundOpened(
        round_id=round_id, name=name, kind=kind, year=2020, receiving_unit_id="q-thanh-xuan",
        deadline=DEADLINE, award_kind="annual" if kind == "nomination" else None,
    )  # fmt: skip
    return new_event("round.opened", unit_path=["ha-noi", "q-thanh-xuan"], actor="t", payload=payload)


def org_event(event_type: str, payload: Any) -> Any:
    return new_event(event_type, unit_path=["ha-noi"], actor="t", payload=payload)


async def reminded(world: NotifyWorld, token: Any, unit: str) -> list[str]:
    page = (await world.http.get("/inbox", headers=bearer(token("unit_officer", unit)))).json()
    return sorted(i["body"] for i in page["items"] if i["subject"].startswith("Còn 7 ngày"))


async def test_a_nomination_round_reminds_the_units_now_under_the_district_that_have_not_proposed(
    token: Any, open_notify: Any
) -> None:
    world: NotifyWorld = await open_notify()
    on = world.on
    for unit, name in (
        ("p-khuong-dinh", "Phường Khương Đình"),
        ("p-thanh-xuan-bac", "Phường Thanh Xuân Bắc"),
    ):
        await on["unit.created"](samples.unit_created(unit, name, "ward", ["ha-noi", "q-thanh-xuan"]), POS)
    await on["unit.created"](
        samples.unit_created("q-hoang-mai", "Quận Hoàng Mai", "district", ["ha-noi"]), POS
    )
    await on["round.opened"](
        round_opened("kt-nam-2020-q-thanh-xuan", "nomination", "Khen thưởng năm 2020"), POS
    )
    await on["round.opened"](
        round_opened("dk-2020-q-thanh-xuan", "registration", "Đăng ký thi đua năm 2020"), POS
    )

    # Kim Giang proposes (nomination round) and sends only its list of people (registration round).
    await on["nomination.submitted"](samples.nomination_submitted(), POS)
    await on["individual_registrations.submitted"](
        samples.people_listed(1, ["chien_si_thi_dua_co_so"]).model_copy(
            update={
                "payload": {**samples.people_listed(1, ["x"]).payload, "round_id": "dk-2020-q-thanh-xuan"}
            }
        ),
        POS,
    )
    # Hạ Đình moves to Hoàng Mai; Khương Đình is retired; Thanh Xuân Bắc merges into a new ward.
    moved = UnitMoved(
        unit_id="p-ha-dinh", from_parent_id="q-thanh-xuan", to_parent_id="q-hoang-mai",
        effective_date=date(2020, 12, 1), parents=[], operation_id="op-1",
    )  # fmt: skip
    await on["unit.moved"](org_event("unit.moved", moved), POS)
    retired = UnitRetired(
        unit_id="p-khuong-dinh", effective_date=date(2020, 12, 1), valid_to=date(2020, 11, 30),
        successor_id=None, parents=[], operation_id="op-2",
    )  # fmt: skip
    await on["unit.retired"](org_event("unit.retired", retired), POS)
    merged = UnitMerged(
        unit_id="p-thanh-xuan-moi", name="Phường Thanh Xuân Mới", parent_id="q-thanh-xuan",
        source_ids=["p-thanh-xuan-bac"], effective_date=date(2020, 12, 1), operation_id="op-3",
    )  # fmt: skip
    await on["unit.merged"](org_event("unit.merged", merged), POS)

    await send_due_reminders(world.deps, SEVEN_DAYS_BEFORE)

    assert await reminded(world, token, "p-kim-giang") == []  # proposed, and its list counts as registering
    assert await reminded(world, token, "p-ha-dinh") == []  # no longer Thanh Xuân's
    assert await reminded(world, token, "p-khuong-dinh") == []  # retired
    assert await reminded(world, token, "p-thanh-xuan-bac") == []  # merged away
    assert await reminded(world, token, "p-thanh-xuan-moi") == [
        "Phường Thanh Xuân Mới chưa gửi hồ sơ đề nghị khen thưởng trong đợt “Khen thưởng năm 2020”. "
        "Hạn cuối: ngày 15/12/2020.",
        "Phường Thanh Xuân Mới chưa gửi đăng ký thi đua trong đợt “Đăng ký thi đua năm 2020”. "
        "Hạn cuối: ngày 15/12/2020.",
    ]
    office = (await world.http.get("/inbox", headers=bearer(token("standing_office", "q-thanh-xuan")))).json()
    assert sorted(i["subject"] for i in office["items"]) == [
        "Hồ sơ đề nghị “Bằng khen của Chủ tịch UBND Thành phố” cho Phường Kim Giang",
        "Phường Kim Giang gửi danh sách đăng ký cá nhân năm 2020",
    ]  # the submissions reached the receiving office as well
