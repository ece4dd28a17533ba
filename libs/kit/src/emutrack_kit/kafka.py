"""Kafka plumbing: the idempotent producer, topic creation, the FastStream broker."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker

from emutrack_contracts.topics import Topic

log = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 8 * 1024 * 1024


def _topic_configs(topic: Topic) -> dict[str, str]:
    configs = {"cleanup.policy": "compact"} if topic.compacted else {}
    if topic.max_message_bytes:
        configs["max.message.bytes"] = str(topic.max_message_bytes)
    return configs


def make_broker(bootstrap_servers: str, client_id: str) -> KafkaBroker:
    """A FastStream broker whose subscribers commit only after the handler succeeded."""
    return KafkaBroker(
        bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        ack_policy=AckPolicy.NACK_ON_ERROR,
    )


class KafkaPublisher:
    """Idempotent producer (acks=all) publishing outbox entries and raw records."""

    def __init__(self, bootstrap_servers: str, namespace: str, client_id: str) -> None:
        self._namespace = namespace
        self._bootstrap_servers = bootstrap_servers
        self._client_id = client_id
        self._started: AIOKafkaProducer | None = None

    @property
    def _producer(self) -> AIOKafkaProducer:
        if self._started is None:
            raise RuntimeError("KafkaPublisher.start() was not awaited")
        return self._started

    async def start(self) -> None:
        """Connect to the cluster (aiokafka needs a running loop, hence not in __init__)."""
        self._started = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap_servers,
            client_id=self._client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            compression_type="gzip",
            max_request_size=MAX_REQUEST_BYTES,
        )
        await self._started.start()

    async def stop(self) -> None:
        """Flush and disconnect."""
        if self._started is not None:
            await self._started.stop()
            self._started = None

    def topic_for(self, event_type: str) -> str:
        """The namespaced topic an event type is published on."""
        from emutrack_contracts.registry import EVENT_TYPES

        return EVENT_TYPES[event_type].topic.qualified(self._namespace)

    async def publish_entries(self, entries: Sequence[dict[str, Any]]) -> None:
        """Send outbox entries and wait until the broker acknowledged every one."""
        futures = []
        for entry in entries:
            envelope = entry["envelope"]
            futures.append(
                await self._producer.send(
                    self.topic_for(envelope["event_type"]),
                    value=json.dumps(envelope, ensure_ascii=False).encode(),
                    key=entry["key"].encode(),
                    headers=[("event_type", envelope["event_type"].encode())],
                )
            )
        if futures:
            await asyncio.gather(*futures)

    async def send_raw(
        self, topic: str, value: bytes, key: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        """Send one raw record (dead letters) and wait for its acknowledgement."""
        await self._producer.send_and_wait(topic, value=value, key=key, headers=headers)


async def ensure_topics(bootstrap_servers: str, topics: Iterable[Topic], namespace: str) -> None:
    """Create the topics with their partition counts and cleanup policy if missing."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                name=t.qualified(namespace),
                num_partitions=t.partitions,
                replication_factor=1,
                topic_configs=_topic_configs(t),
            )
            for t in topics
            if t.qualified(namespace) not in existing
        ]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                log.info("topics created concurrently by another process")
    finally:
        await admin.close()
