"""Killing the notify consumer at random points loses no message and duplicates none in our records.

The events go to Kafka; the notify consumer (a separate process, talking to a real SMTP server and
HTTP receiver) is SIGKILLed at random moments and restarted while it works through them.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from emutrack_contracts import Envelope, new_event, samples, topics
from emutrack_contracts.events.review import NominationStatusChanged
from emutrack_kit_testing.helpers import eventually
from emutrack_kit_testing.processes import Slice
from emutrack_kit_testing.receivers import smtp_receiver, webhook_receiver

WARDS = [f"p-phuong-{i:02d}" for i in range(1, 9)]
EVENTS = 48
KILLS = 4


def status_changed(n: int) -> Envelope:
    ward = WARDS[n % len(WARDS)]
    payload = NominationStatusChanged(
        nomination_id=f"hs-{n}@q-thanh-xuan", dossier_id=f"hs-{n}", round_id="r", year=2020,
        proposing_unit_id=ward, level_unit_id="q-thanh-xuan", status="received",
        changed_at=datetime(2020, 12, 20, 3, 0, tzinfo=UTC),
    )  # fmt: skip
    return new_event(
        "nomination.status_changed", producer="review", unit_path=["ha-noi", "q-thanh-xuan", ward],
        actor="office", payload=payload,
    )  # fmt: skip


async def send(producer: AIOKafkaProducer, topic: str, event: Envelope) -> None:
    value = event.model_dump_json().encode()
    await producer.send_and_wait(topic, value, key=event.unit_id.encode())


async def configure_wards(mongo: Any, namespace: str, hook_url: str) -> None:
    settings = mongo[f"{namespace}_notify"]["unit_settings"]
    for ward in WARDS:
        contacts = {"unit_officer": [{"name": "Cán bộ thi đua", "email": f"thidua@{ward}.hanoi.gov.vn"}]}
        hook = {"id": f"hook-{ward}", "url": hook_url, "kinds": [], "secret": f"s-{ward}"}
        await settings.insert_one({"_id": ward, "contacts": contacts, "webhooks": [hook], "version": 1})


async def test_random_kills_of_the_notify_consumer_lose_and_duplicate_nothing(
    service_env: dict[str, str], mongo: Any, namespace: str, tmp_path: Path
) -> None:
    rng = random.Random(20201220)
    bootstrap, ns = service_env["KAFKA_BOOTSTRAP_SERVERS"], service_env["EMT_TOPIC_NAMESPACE"]
    with smtp_receiver() as smtp, webhook_receiver() as portal:
        env = {
            "EMT_NOTIFY_SMTP_PORT": str(smtp.port),
            "EMT_NOTIFY_WORKER_IDLE_SECONDS": "0.1",
            "EMT_NOTIFY_DELIVERY_LEASE_SECONDS": "2",
            "EMT_NOTIFY_RETRY_INITIAL_SECONDS": "0.1",
            "EMT_NOTIFY_RETRY_JITTER_SECONDS": "0.1",
        }
        await configure_wards(mongo, namespace, portal.url())
        services = Slice({**service_env, **env}, tmp_path)
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
        await producer.start()
        try:
            units = topics.UNITS.qualified(ns)
            await send(producer, units, samples.unit_created("ha-noi", "Thành phố Hà Nội", "city", []))
            await send(
                producer,
                units,
                samples.unit_created("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
            )
            for ward in WARDS:
                await send(
                    producer, units, samples.unit_created(ward, ward, "ward", ["ha-noi", "q-thanh-xuan"])
                )
            events = [status_changed(n) for n in range(EVENTS)]
            nominations = topics.REVIEW_NOMINATIONS.qualified(ns)
            # First a crash at a known point: effects of the first event stored, its offset not committed.
            fault = {"EMT_FAULT_CRASH_AFTER_EFFECTS_OF": "nomination.status_changed"}
            await asyncio.to_thread(services.start, "notify-consumer", **fault)
            await send(producer, nominations, events[0])
            assert await asyncio.to_thread(services.wait_exit, "notify-consumer") == 86
            await asyncio.to_thread(services.start, "notify-consumer")
            # Then SIGKILLs at random moments while it works.
            kill_after = sorted(rng.sample(range(4, EVENTS), KILLS))
            for n, event in enumerate(events[1:], start=1):
                await send(producer, nominations, event)
                if n in kill_after:
                    await asyncio.sleep(rng.uniform(0.0, 1.5))  # somewhere in its work on what was sent
                    services.kill("notify-consumer")
                    await asyncio.to_thread(services.start, "notify-consumer")
            db = mongo[f"{namespace}_notify"]
            expected = {str(e.event_id) for e in events}

            async def settled() -> tuple[int, int, int]:
                return (
                    await db["inbox"].count_documents({}),
                    await db["deliveries"].count_documents({"status": "sent"}),
                    await db["delivery_queue_email"].count_documents({})
                    + await db["delivery_queue_webhook"].count_documents({}),
                )

            await eventually(settled, lambda s: s == (2 * EVENTS, 2 * EVENTS, 0), timeout=120)
        finally:
            await producer.stop()
            services.stop_all()

        inbox = await db["inbox"].find({}).to_list(None)
        assert Counter(m["event_id"] for m in inbox) == dict.fromkeys(expected, 2)  # officer and head, once
        deliveries = await db["deliveries"].find({}).to_list(None)
        assert len(deliveries) == 2 * EVENTS
        assert {d["status"] for d in deliveries} == {"sent"}
        by_channel = Counter((d["event_id"], d["channel"]) for d in deliveries)
        assert set(by_channel.values()) == {1}  # one e-mail (the officer's) and one webhook per event
        assert await db["delivery_events"].count_documents({}) <= 2 * EVENTS  # published ones are deleted

        mails = Counter(str(m["X-Emutrack-Delivery"]).strip() for m in smtp.messages)
        calls = Counter(c.headers["x-emutrack-delivery"] for c in portal.received())
        assert {d.split(":")[0] for d in mails} == expected  # nothing lost on the wire...
        assert {d.split(":")[0] for d in calls} == expected
        # ...and a resend on the wire happens only for a delivery killed between the receiver's answer and
        # our record of it; it carries the same delivery id, so the receiver drops it.
        assert sum(mails.values()) - len(mails) <= KILLS
        assert sum(calls.values()) - len(calls) <= KILLS
        assert json.loads(portal.received()[0].body)["event_type"] == "nomination.status_changed"
