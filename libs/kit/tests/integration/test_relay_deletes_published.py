"""A relay over a collection of events alone deletes what it published, in writes FerretDB can take."""

from __future__ import annotations

from typing import Any

from emutrack_contracts import samples, topics
from emutrack_kit.kafka import KafkaPublisher, ensure_topics
from emutrack_kit.mongo import database, make_client
from emutrack_kit.outbox import OutboxRelay, outbox_entry, outbox_fields
from emutrack_kit_testing.helpers import read_topic


async def test_published_events_are_deleted_and_each_is_sent_once(service_env: dict[str, str]) -> None:
    ns, bootstrap = service_env["EMT_TOPIC_NAMESPACE"], service_env["KAFKA_BOOTSTRAP_SERVERS"]
    client = make_client(service_env["MONGODB_URL"])
    events = database(client, service_env["EMT_DATABASE_PREFIX"], "notify")["delivery_events"]
    sent = [samples.unit_created(f"p-{i:03d}", f"Phường {i}", "ward", ["ha-noi"]) for i in range(120)]
    await events.insert_many([{"_id": str(e.event_id), **outbox_fields([outbox_entry(e)])} for e in sent])
    await ensure_topics(bootstrap, topics.ALL_TOPICS, ns)
    publisher = KafkaPublisher(bootstrap, ns, client_id="test")
    await publisher.start()
    try:
        relay = OutboxRelay([events], publisher, delete_published=True)
        assert await relay.publish_pending() == 120  # more than one write of 50 deletions
        assert await relay.publish_pending() == 0
    finally:
        await publisher.stop()
    assert await events.count_documents({}) == 0
    records: list[Any] = await read_topic(bootstrap, topics.UNITS.qualified(ns), expected=120)
    assert sorted(r["value"]["event_id"] for r in records) == sorted(str(e.event_id) for e in sent)
    await client.close()
