"""Month by month: each fact counts in its Hà Nội month; "as of" a month adds the months up to it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from emutrack_contracts import Envelope, samples
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from reporting.config import Settings
from reporting.entrypoints.http import create_app

from .conftest import reporting_knowing
from .test_dossiers_and_decisions import TREE, decision


def at(event: Envelope, moment: datetime) -> Envelope:
    return event.model_copy(update={"occurred_at": moment})


async def test_series_and_as_of_follow_the_months_facts_happened_in(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    events = [
        ("registration.submitted", at(samples.registration_submitted("ttldtt"),
                                      datetime(2020, 1, 10, 3, tzinfo=UTC))),
        # 18:00 UTC on 31 January is already 1 February in Hà Nội
        ("registration.submitted", at(samples.registration_submitted("ctdtp", registration_id="reg-2"),
                                      datetime(2020, 1, 31, 18, tzinfo=UTC))),
        ("registration.status_changed", at(samples.registration_changed("submitted", "withdrawn", "ctdtp",
                                                                        registration_id="reg-2"),
                                           datetime(2020, 4, 2, 3, tzinfo=UTC))),
        ("decision.issued", decision("7/QĐ-UBND", "giay_khen", ["p-kim-giang", "p-ha-dinh"])),  # signed 30/12
    ]  # fmt: skip
    for _ in range(2):  # redelivered: the series counts each fact once too
        for offset, (event_type, event) in enumerate(events):
            await on[event_type](event, Position("t", 0, offset))

    app = create_app(Settings(), deps)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting") as http:
        series = (await http.get("/units/q-thanh-xuan/series?period=2020", headers=office)).json()
        months = {m["month"]: m for m in series["months"]}
        assert list(months) == ["2020-01", "2020-02", "2020-04", "2020-12"]
        assert [m["total"]["registrations_total"] for m in series["months"]] == [1, 2, 1, 1]
        assert months["2020-04"]["change"]["registrations_by_title"] == {"ctdtp": -1}
        assert months["2020-12"]["change"]["awards_by_level"] == {"district": 2}
        counts = (await http.get("/units/q-thanh-xuan/counts?period=2020", headers=office)).json()
        last = series["months"][-1]["total"]
        assert {k: counts[k] for k in last} == last  # the series ends at the year's numbers

        def as_of(month: str, unit: str = "q-thanh-xuan") -> Any:
            return http.get(f"/units/{unit}/counts?period=2020&as_of={month}", headers=office)

        assert (await as_of("2019-12")).json()["registrations_total"] == 0
        march = (await as_of("2020-03")).json()
        assert (march["registrations_total"], march["as_of"], march["awards_total"]) == (2, "2020-03", 0)
        assert (await as_of("2020-04")).json()["registrations_by_title"] == {"ttldtt": 1}
        assert (await as_of("2020-12")).json()["awards_total"] == 2
        children = await http.get(
            "/units/q-thanh-xuan/children/counts?period=2020&as_of=2020-11", headers=office
        )
        assert {c["unit_id"]: c["registrations_total"] for c in children.json()} == {
            "p-kim-giang": 1,
            "p-ha-dinh": 0,
        }

        bad = await as_of("2020-13")
        assert bad.status_code == 422
        assert "as_of" in bad.text
        unknown = await http.get("/units/q-thanh-xuan/counts?period=1999", headers=office)
        assert unknown.status_code == 404
        assert (unknown.json()["error"]["code"], unknown.json()["error"]["field"]) == (
            "UNKNOWN_PERIOD",
            "period",
        )
        ward = bearer(token("unit_officer", "p-kim-giang"))
        refused = await http.get("/units/q-thanh-xuan/series?period=2020", headers=ward)
        assert refused.status_code == 403


async def test_a_ward_with_nothing_counted_shows_zeros_in_a_known_year(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    await on["registration.submitted"](samples.registration_submitted("ttldtt"), Position("t", 0, 0))
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting") as http:
        headers = bearer(token("viewer", "ha-noi"))
        quiet = (await http.get("/units/p-ha-dinh/counts?period=2020", headers=headers)).json()
        assert (quiet["registrations_total"], quiet["version"]) == (0, 0)
        series = (await http.get("/units/p-ha-dinh/series?period=2020", headers=headers)).json()
        assert series["months"] == []
