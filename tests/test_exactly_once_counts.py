"""Counts stay exact when an event is delivered twice or the consumer dies before committing."""

from __future__ import annotations

from typing import Any

import httpx
from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from emutrack_contracts import topics
from emutrack_kit_testing.helpers import bearer, eventually, read_topic

ROUND = "/rounds/dk-2020-q-thanh-xuan/registrations"


async def _post(slice_: Any, token: Any, unit: str, title: str) -> None:
    async with httpx.AsyncClient(base_url=slice_.url("registration-http"), timeout=10) as client:
        response = await client.post(
            ROUND, json={"unit_id": unit, "title_code": title}, headers=bearer(token("unit_officer", unit))
        )
    assert response.status_code == 201, response.text


async def _city(slice_: Any, token: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(
            f"{slice_.url('reporting-http')}/units/ha-noi/counts?period=2020",
            headers=bearer(token("viewer", "ha-noi")),
        )
    return response.json() if response.status_code == 200 else {"registrations_total": -1}


async def _stored_total(mongo: Any, namespace: str, unit: str) -> int:
    counter = await mongo[f"{namespace}_reporting"]["counters"].find_one({"_id": f"{unit}:2020"})
    return 0 if counter is None else int(counter["registrations_total"])


async def test_the_same_event_published_twice_is_counted_once(
    slice_: Any, token: Any, service_env: dict[str, str], mongo: Any, namespace: str
) -> None:
    for name in ("registration-http", "registration-consumer", "reporting-http", "reporting-consumer"):
        slice_.start(name)
    await _post(slice_, token, "p-kim-giang", "tap_the_lao_dong_tien_tien")
    await eventually(lambda: _city(slice_, token), lambda c: c["registrations_total"] == 1)

    bootstrap, ns = service_env["KAFKA_BOOTSTRAP_SERVERS"], service_env["EMT_TOPIC_NAMESPACE"]
    topic = topics.REGISTRATIONS.qualified(ns)
    [original] = await read_topic(bootstrap, topic, expected=1)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        raw = original["value"]
        import json

        for _ in range(2):  # the same event id, at two new offsets
            await producer.send_and_wait(topic, json.dumps(raw).encode(), key=original["key"].encode())
    finally:
        await producer.stop()

    # A later, distinct registration is the barrier: once it is counted, the duplicates were read.
    await _post(slice_, token, "p-kim-giang", "co_thi_dua_thanh_pho")
    city = await eventually(lambda: _city(slice_, token), lambda c: c["registrations_total"] >= 2)
    assert city["registrations_total"] == 2
    assert city["registrations_by_title"] == {"tap_the_lao_dong_tien_tien": 1, "co_thi_dua_thanh_pho": 1}
    registrations = {"event_type": "registration.submitted"}  # (the seed's movements have facts too)
    assert await mongo[f"{namespace}_reporting"]["facts"].count_documents(registrations) == 2
    assert await _stored_total(mongo, namespace, "p-kim-giang") == 2


async def _committed(bootstrap: str, group: str, topic: str) -> dict[int, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {
        tp.partition: meta.offset
        for tp, meta in offsets.items()
        if isinstance(tp, TopicPartition) and tp.topic == topic
    }


async def test_a_consumer_killed_after_its_effects_but_before_committing_counts_exactly_once(
    slice_: Any, token: Any, service_env: dict[str, str], mongo: Any, namespace: str
) -> None:
    bootstrap, ns = service_env["KAFKA_BOOTSTRAP_SERVERS"], service_env["EMT_TOPIC_NAMESPACE"]
    topic, group = topics.REGISTRATIONS.qualified(ns), f"{ns}emt-reporting"
    for name in ("registration-http", "registration-consumer", "reporting-http"):
        slice_.start(name)
    slice_.start("reporting-consumer", EMT_FAULT_CRASH_AFTER_EFFECTS_OF="registration.submitted")

    await _post(slice_, token, "p-kim-giang", "tap_the_lao_dong_tien_tien")
    assert slice_.wait_exit("reporting-consumer") == 86  # died by the fault, after its effects

    [record] = await read_topic(bootstrap, topic, expected=1)
    assert await _stored_total(mongo, namespace, "ha-noi") == 1  # effects were stored...
    committed = await _committed(bootstrap, group, topic)
    assert committed.get(record["partition"], -1) <= record["offset"]  # ...but the offset was not committed

    slice_.start("reporting-consumer")  # restart without the fault: the record is delivered again
    await eventually(
        lambda: _committed(bootstrap, group, topic),
        lambda c: c.get(record["partition"], -1) > record["offset"],
    )
    assert await _stored_total(mongo, namespace, "ha-noi") == 1
    assert await _stored_total(mongo, namespace, "q-thanh-xuan") == 1

    await _post(slice_, token, "p-khuong-dinh", "tap_the_lao_dong_tien_tien")
    city = await eventually(lambda: _city(slice_, token), lambda c: c["registrations_total"] >= 2)
    assert city["registrations_total"] == 2
