"""Issue 18.10: the levels' task calendars followed in reporting, each task's state on the day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import httpx

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import CalendarTask, CalendarTaskCompleted, TaskCalendarPublished
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from reporting import bootstrap
from reporting.config import Settings
from reporting.entrypoints.http import create_app

from .test_documents import TREE

PATH = ["ha-noi", "q-thanh-xuan"]
DEADLINES = (date(2020, 1, 15), date(2020, 6, 30), date(2020, 8, 15), date(2020, 12, 20))


def done(number: int, day: date) -> CalendarTaskCompleted:
    return CalendarTaskCompleted(
        calendar_id="kh-tx-2020", issuer_unit_id="q-thanh-xuan", number=number, completed_on=day
    )


def task(number: int, deadline: date) -> CalendarTask:
    return CalendarTask(
        number=number, quarter=(deadline.month - 1) // 3 + 1, content=f"Nhiệm vụ {number}",
        executing_units=[], coordinating_units=[], deadline=deadline,
        deadline_text=f"ngày {deadline:%d/%m/%Y}", deadline_rule="on", executing_scope="district_office",
        executing_unit_ids=["q-thanh-xuan"],
    )  # fmt: skip


async def test_a_district_reads_its_calendar_done_late_overdue_and_upcoming(
    service_env: Any, token: Any
) -> None:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 9, 1, 3, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    for offset, (unit, name, kind, path) in enumerate(TREE):
        await on["unit.created"](samples.unit_created(unit, name, kind, path), Position("units", 0, offset))
    early = CalendarTaskCompleted(
        calendar_id="kh-tx-2020", issuer_unit_id="q-thanh-xuan", number=1, completed_on=date(2020, 1, 10)
    )
    published = TaskCalendarPublished(
        calendar_id="kh-tx-2020", issuer_unit_id="q-thanh-xuan", year=2020, plan_number="15/KH-UBND",
        issued_on=date(2020, 1, 2), title="Kế hoạch thi đua năm 2020",
        tasks=[task(n, day) for n, day in enumerate(DEADLINES, start=1)],
    )  # fmt: skip
    late = CalendarTaskCompleted(
        calendar_id="kh-tx-2020", issuer_unit_id="q-thanh-xuan", number=2, completed_on=date(2020, 7, 5)
    )
    events = [  # the first completion read before its calendar; the calendar told twice
        new_event("calendar_task.completed", producer="t", unit_path=PATH, actor="t", payload=early),
        new_event("task_calendar.published", producer="t", unit_path=PATH, actor="t", payload=published),
        new_event("calendar_task.completed", producer="t", unit_path=PATH, actor="t", payload=late),
        new_event("task_calendar.published", producer="t", unit_path=PATH, actor="t", payload=published),
    ]
    for offset, event in enumerate(events):
        await on[event.event_type](event, Position("rounds", 0, offset))

    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://r") as http:
        city = await http.get(
            "/units/ha-noi/task-calendar?period=2020", headers=bearer(token("viewer", "ha-noi"))
        )
        ward = await http.get(
            "/units/q-thanh-xuan/task-calendar?period=2020",
            headers=bearer(token("unit_officer", "p-kim-giang")),
        )
    assert city.status_code == 200, city.text
    [calendar] = city.json()["calendars"]
    assert (calendar["issuer_name"], calendar["plan_number"]) == ("Quận Thanh Xuân", "15/KH-UBND")
    assert [t["state"] for t in calendar["tasks"]] == ["done", "done_late", "overdue", "upcoming"]
    assert calendar["counts"] == {"done": 1, "done_late": 1, "overdue": 1, "upcoming": 1}
    assert calendar["tasks"][1]["done_on"] == "2020-07-05"
    assert (ward.status_code, ward.json()["error"]["code"]) == (403, "FORBIDDEN_UNIT")
