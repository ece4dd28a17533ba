"""ServiceRuntime.subscribe on FastStream's in-memory Kafka broker (no Kafka, no MongoDB).

What TestKafkaBroker (FastStream 0.7.8) supplies in the consumed record: the topic
published to, the key, the partition given to `publish` (0 when none is given) and
always offset 0 (there is no log). So these tests check that the runtime hands the raw
body, the key and the record's topic/partition to the dispatcher, and that handler
errors surface (which, with NACK_ON_ERROR, leaves the offset uncommitted on a real
broker); they cannot check real offsets.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from faststream import AckPolicy
from faststream.kafka import TestKafkaBroker
from faststream.kafka.subscriber.usecase import DefaultSubscriber

from emutrack_contracts import Envelope, new_envelope, topics
from emutrack_contracts.events.registration import RegistrationSubmitted
from emutrack_kit.consumer import Position
from emutrack_kit.runtime import ServiceRuntime
from emutrack_kit.settings import CommonSettings
from emutrack_kit_testing.helpers import FakePublisher

TOPIC = "u.emt.registration.registrations"
KEY = b"p-kim-giang"


class Recorder:
    """A handler that records what it receives; fails when asked to."""

    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[tuple[Envelope, Position]] = []
        self.error = error

    async def __call__(self, envelope: Envelope, position: Position) -> None:
        self.calls.append((envelope, position))
        if self.error is not None:
            raise self.error


@pytest.fixture
async def runtime() -> AsyncIterator[ServiceRuntime]:
    rt = ServiceRuntime(
        "reporting",
        CommonSettings(topic_namespace="u.", kafka_bootstrap_servers="127.0.0.1:1"),
    )
    # Dead letters go through the runtime's producer, which needs a real broker.
    rt.publisher = FakePublisher()  # type: ignore[assignment]
    yield rt
    await rt.client.close()  # never connected: MongoClient is lazy


def _envelope(actor: str = "can-bo-kim-giang") -> Envelope:
    now = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)
    return new_envelope(
        event_type="registration.submitted",
        schema_version=1,
        producer="registration",
        unit_id="p-kim-giang",
        unit_path=["ha-noi", "q-thanh-xuan", "p-kim-giang"],
        actor=actor,
        occurred_at=now,
        payload=RegistrationSubmitted(
            registration_id="reg-1",
            round_id="dk-2020-q-thanh-xuan",
            year=2020,
            subject_kind="collective",
            subject_unit_id="p-kim-giang",
            subject_name="Phường Kim Giang",
            title_code="tap_the_lao_dong_tien_tien",
            title_name="Tập thể lao động tiên tiến",
            receiving_unit_id="q-thanh-xuan",
            submitted_at=now,
        ),
    )


def _bytes(envelope: Envelope) -> bytes:
    return envelope.model_dump_json().encode()


def test_subscriber_uses_namespaced_topics_group_and_nack_on_error(runtime: ServiceRuntime) -> None:
    runtime.subscribe([topics.REGISTRATIONS, topics.UNITS], {"registration.submitted": Recorder()})

    [subscriber] = runtime.broker.subscribers
    assert isinstance(subscriber, DefaultSubscriber), "one record at a time, not batches"
    assert sorted(subscriber.topic_names) == [TOPIC, "u.emt.registration.units"]
    assert subscriber.group_id == "u.emt-reporting"
    assert subscriber.ack_policy is AckPolicy.NACK_ON_ERROR


async def test_published_record_reaches_the_handler_with_its_position(runtime: ServiceRuntime) -> None:
    handler = Recorder()
    dispatcher = runtime.subscribe([topics.REGISTRATIONS], {"registration.submitted": handler})
    envelope = _envelope()

    async with TestKafkaBroker(runtime.broker) as br:
        await br.publish(_bytes(envelope), topic=TOPIC, key=KEY)
        await br.publish(_bytes(envelope), topic=TOPIC, key=KEY, partition=5)

    assert [e for e, _ in handler.calls] == [envelope, envelope]
    assert handler.calls[0][0].payload["subject_name"] == "Phường Kim Giang"
    # The in-memory broker has no log: offset is always 0; partition is the one published to.
    assert [p for _, p in handler.calls] == [Position(TOPIC, 0, 0), Position(TOPIC, 5, 0)]
    assert dispatcher.processed == 2
    assert runtime.publisher.sent == []  # type: ignore[attr-defined]


async def test_other_namespaces_and_unsubscribed_topics_are_not_consumed(runtime: ServiceRuntime) -> None:
    handler = Recorder()
    runtime.subscribe([topics.REGISTRATIONS], {"registration.submitted": handler})

    async with TestKafkaBroker(runtime.broker) as br:
        await br.publish(_bytes(_envelope()), topic="emt.registration.registrations", key=KEY)
        await br.publish(_bytes(_envelope()), topic="u.emt.registration.units", key=KEY)

    assert handler.calls == []


async def test_poison_record_is_parked_with_its_key_on_the_namespaced_dead_letter_topic(
    runtime: ServiceRuntime,
) -> None:
    handler = Recorder()
    dispatcher = runtime.subscribe([topics.REGISTRATIONS], {"registration.submitted": handler})

    async with TestKafkaBroker(runtime.broker) as br:
        await br.publish(b"{not an envelope", topic=TOPIC, key=KEY, partition=2)

    assert handler.calls == []
    assert dispatcher.processed == 0
    [(topic, value, key, headers)] = runtime.publisher.sent  # type: ignore[attr-defined]
    assert topic == "u.emt.reporting.dead-letter"
    assert value == b"{not an envelope"
    assert key == KEY
    assert headers["error"].startswith(b"invalid envelope:")
    assert headers["source"] == b'{"topic": "u.emt.registration.registrations", "partition": 2, "offset": 0}'


async def test_a_database_outage_propagates_so_the_record_is_not_committed(runtime: ServiceRuntime) -> None:
    from pymongo.errors import AutoReconnect

    handler = Recorder(error=AutoReconnect("database down"))
    dispatcher = runtime.subscribe([topics.REGISTRATIONS], {"registration.submitted": handler})
    dispatcher._retry_seconds = 0.3  # keep the back-off short in this test

    async with TestKafkaBroker(runtime.broker) as br:
        with pytest.raises(AutoReconnect, match="database down"):
            await br.publish(_bytes(_envelope()), topic=TOPIC, key=KEY)

    assert len(handler.calls) >= 1
    assert dispatcher.processed == 0
    assert runtime.publisher.sent == []  # type: ignore[attr-defined]
