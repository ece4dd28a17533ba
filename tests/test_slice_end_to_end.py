"""A registration posted over HTTP reaches review, notify and the city's counts.

Every service runs as its own processes (HTTP app and consumer app) on the real Kafka
broker and MongoDB-protocol server.
"""

from __future__ import annotations

from typing import Any

import httpx

from emutrack_contracts import topics
from emutrack_kit_testing.helpers import bearer, eventually, read_topic

KIM_GIANG = {"unit_id": "p-kim-giang", "title_code": "tap_the_lao_dong_tien_tien"}
ROUND = "/rounds/dk-2020-q-thanh-xuan/registrations"


async def _get(url: str, token: str) -> Any:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(url, headers=bearer(token))
        response.raise_for_status()
        return response.json()


async def _counts(url: str, token: str) -> dict[str, Any]:
    """A unit's counts; zero while reporting has not yet learnt the unit (404)."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(url, headers=bearer(token))
    if response.status_code == 404:
        return {"registrations_total": 0}
    response.raise_for_status()
    return dict(response.json())


async def test_a_posted_registration_reaches_every_service(slice_: Any, token: Any, service_env: Any) -> None:
    for name in (
        "registration-http",
        "registration-consumer",
        "review-http",
        "review-consumer",
        "notify-http",
        "notify-consumer",
        "reporting-http",
        "reporting-consumer",
    ):
        slice_.start(name)

    async with httpx.AsyncClient(base_url=slice_.url("registration-http"), timeout=10) as client:
        response = await client.post(
            ROUND, json=KIM_GIANG, headers=bearer(token("unit_officer", "p-kim-giang"))
        )
    assert response.status_code == 201, response.text

    city = await eventually(
        lambda: _counts(
            f"{slice_.url('reporting-http')}/units/ha-noi/counts?period=2020", token("viewer", "ha-noi")
        ),
        lambda c: c["registrations_total"] >= 1,
    )
    assert city["registrations_by_title"] == {"tap_the_lao_dong_tien_tien": 1}
    district = await _get(
        f"{slice_.url('reporting-http')}/units/q-thanh-xuan/counts?period=2020",
        token("viewer", "q-thanh-xuan"),
    )
    assert district["registrations_total"] == 1

    inbox = await eventually(
        lambda: _get(f"{slice_.url('notify-http')}/inbox", token("standing_office", "q-thanh-xuan")),
        lambda i: i["unread"] >= 1,
    )
    assert [i["subject"] for i in inbox["items"]] == ["Phường Kim Giang đăng ký thi đua năm 2020"]

    register = await eventually(
        lambda: _get(
            f"{slice_.url('review-http')}/evaluation-register?year=2020",
            token("standing_office", "q-thanh-xuan"),
        ),
        lambda r: len(r) >= 1,
    )
    assert [(r["unit_id"], r["title_code"]) for r in register] == [
        ("p-kim-giang", "tap_the_lao_dong_tien_tien")
    ]

    snapshots = await read_topic(
        service_env["KAFKA_BOOTSTRAP_SERVERS"],
        topics.REPORT_SNAPSHOTS.qualified(service_env["EMT_TOPIC_NAMESPACE"]),
        expected=3,
    )
    latest = {s["key"]: s["value"]["payload"] for s in snapshots}
    assert latest["ha-noi:2020"]["registrations_total"] == 1
    assert set(latest) == {"ha-noi:2020", "q-thanh-xuan:2020", "p-kim-giang:2020"}
