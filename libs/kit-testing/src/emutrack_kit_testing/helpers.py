"""Helpers for the services' tests (polling with a deadline, reading topics, headers)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiokafka import AIOKafkaConsumer

from emutrack_kit.settings import DEV_JWT_SECRET

T = TypeVar("T")


def isolated_settings(kafka: str, mongodb: str, namespace: str) -> dict[str, Any]:
    """A service's settings fields pointing at the real servers, isolated by `namespace`, local tokens."""
    return {
        "kafka_bootstrap_servers": kafka,
        "mongodb_url": mongodb,
        "topic_namespace": f"{namespace}.",
        "database_prefix": f"{namespace}_",
        "environment": "test",
        "auth_mode": "local",
        "jwt_secret": DEV_JWT_SECRET,
        "jwt_issuer": "emutrack-local",
        "jwt_audience": "emutrack",
    }


def bearer(token: str) -> dict[str, str]:
    """Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


async def eventually(
    probe: Callable[[], Awaitable[T]], accept: Callable[[T], bool], *, timeout: float = 30.0
) -> T:
    """Poll `probe` until `accept` holds; fail with the last value seen after `timeout`.

    This bounds waiting for asynchronous effects; it does not assert on speed.
    """
    deadline = time.monotonic() + timeout
    last: T = await probe()
    while not accept(last):
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout}s; last value: {last!r}")
        await asyncio.sleep(0.1)
        last = await probe()
    return last


async def read_topic(
    bootstrap: str, topic: str, expected: int, *, timeout: float = 30.0, json_values: bool = True
) -> list[dict[str, Any]]:
    """Read up to `expected` records from the start of a topic, waiting at most `timeout`."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    records: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + timeout
        while len(records) < expected and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for messages in batch.values():
                records.extend(
                    {
                        "key": m.key.decode() if m.key else None,
                        "value": json.loads(m.value) if json_values else m.value,
                        "headers": dict(m.headers),
                        "partition": m.partition,
                        "offset": m.offset,
                    }
                    for m in messages
                )
    finally:
        await consumer.stop()
    return records


class FakePublisher:
    """Stands in for the runtime's Kafka producer in unit tests: records what is sent raw (dead letters)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes, bytes | None, dict[str, bytes]]] = []

    async def send_raw(
        self, topic: str, value: bytes, key: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        """Record one raw record."""
        self.sent.append((topic, value, key, dict(headers)))
