"""The outbox relay publishes what was stored with the document, once, to the real Kafka."""

from __future__ import annotations

from typing import Any

import httpx

from emutrack_contracts import topics
from emutrack_kit.kafka import KafkaPublisher, ensure_topics
from emutrack_kit.outbox import OutboxRelay
from emutrack_kit_testing.helpers import bearer, read_topic
from registration.usecases.context import Context


async def test_relay_publishes_pending_events_keyed_by_unit_and_marks_them(
    http: httpx.AsyncClient,
    deps: Context,
    token: Any,
    service_env: dict[str, str],
    mongo: Any,
    namespace: str,
) -> None:
    ns, bootstrap = service_env["EMT_TOPIC_NAMESPACE"], service_env["KAFKA_BOOTSTRAP_SERVERS"]
    created = await http.post(
        "/rounds/dk-2020-q-thanh-xuan/registrations",
        json={"unit_id": "p-kim-giang", "title_code": "co_thi_dua_thanh_pho"},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert created.status_code == 201
    await ensure_topics(bootstrap, topics.ALL_TOPICS, ns)
    publisher = KafkaPublisher(bootstrap, ns, client_id="test")
    await publisher.start()
    try:
        relay = OutboxRelay([deps.registrations.collection], publisher)
        assert await relay.publish_pending() == 1
        assert await relay.publish_pending() == 0  # marked: nothing is sent twice
    finally:
        await publisher.stop()

    [record] = await read_topic(bootstrap, topics.REGISTRATIONS.qualified(ns), expected=1)
    assert record["key"] == "p-kim-giang"
    assert record["value"]["payload"]["registration_id"] == created.json()["registration_id"]
    assert record["value"]["payload"]["title_name"] == "Cờ thi đua Thành phố"
    stored = await mongo[f"{namespace}_registration"]["registrations"].find_one()
    assert (stored["_outbox_pending"], stored["_outbox_published"]) == (False, 1)


async def test_a_list_of_5000_people_fits_through_the_relay_in_one_event(
    deps: Context, service_env: dict[str, str]
) -> None:
    from datetime import date, timedelta

    from emutrack_kit.auth import Principal, Role, RoleBinding
    from registration.usecases.people import SubmitPeople, submit_people

    ns, bootstrap = service_env["EMT_TOPIC_NAMESPACE"], service_env["KAFKA_BOOTSTRAP_SERVERS"]
    rows = [
        (
            i,
            {
                "full_name": f"Nguyễn Thị Thịnh {i}",
                "birth_date": (date(1970, 1, 1) + timedelta(days=i)).strftime("%d/%m/%Y"),
                "position": "Công chức phường",
                "title": "Lao động tiên tiến",
            },
        )
        for i in range(1, 5001)
    ]
    officer = Principal("officer", (RoleBinding(Role.UNIT_OFFICER, "p-kim-giang"),))
    await submit_people(deps, officer, SubmitPeople("dk-2020-q-thanh-xuan", "p-kim-giang", rows))
    await ensure_topics(bootstrap, topics.ALL_TOPICS, ns)
    publisher = KafkaPublisher(bootstrap, ns, client_id="test")
    await publisher.start()
    try:
        assert await OutboxRelay([deps.people.collection], publisher).publish_pending() == 1
    finally:
        await publisher.stop()
    [record] = await read_topic(bootstrap, topics.REGISTRATIONS.qualified(ns), expected=1)
    payload = record["value"]["payload"]
    assert (len(payload["people"]), payload["counts_by_title"]) == (5000, {"lao_dong_tien_tien": 5000})


async def test_a_document_born_without_events_is_relayed_once_it_has_some(
    deps: Context, service_env: dict[str, str], mongo: Any, namespace: str
) -> None:
    """A dossier draft is stored with no outbox; its submission appends the first event."""
    from emutrack_contracts import samples
    from emutrack_kit.outbox import outbox_append, outbox_entry

    ns, bootstrap = service_env["EMT_TOPIC_NAMESPACE"], service_env["KAFKA_BOOTSTRAP_SERVERS"]
    collection = deps.dossiers.collection
    await collection.insert_one({"_id": "hs-draft", "status": "draft"})
    await collection.update_one(
        {"_id": "hs-draft"}, outbox_append([outbox_entry(samples.nomination_submitted("hs-draft"))])
    )
    await ensure_topics(bootstrap, topics.ALL_TOPICS, ns)
    publisher = KafkaPublisher(bootstrap, ns, client_id="test")
    await publisher.start()
    try:
        relay = OutboxRelay([collection], publisher)
        assert await relay.publish_pending() == 1
        assert await relay.publish_pending() == 0
    finally:
        await publisher.stop()
    [record] = await read_topic(bootstrap, topics.NOMINATIONS.qualified(ns), expected=1)
    assert record["value"]["payload"]["dossier_id"] == "hs-draft"
