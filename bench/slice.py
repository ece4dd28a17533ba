"""Throughput of the slice, measured in one run on the local servers.

(a) raw aiokafka produce+consume of 1 KB messages; (b) registration events per second
from Kafka to stored report effects (reporting consumer as its own process); (c) HTTP
registrations per second (registration HTTP app as its own process). Prints each
figure and the ratio (b)/(a). Usage: `make bench` or `python -m bench.slice --events 20000`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import socket
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pymongo import AsyncMongoClient

from bench.workspace import KAFKA, MONGODB, workspace
from emutrack_contracts import new_envelope, topics
from emutrack_contracts.events.registration import RegistrationSubmitted
from emutrack_kit.auth import mint_token
from emutrack_kit.kafka import ensure_topics
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit_testing.processes import Slice
from registration.domain.rounds import Round
from registration.seed_data import load_tree_2020

TITLES = [
    "tap_the_lao_dong_tien_tien",
    "tap_the_lao_dong_xuat_sac",
    "co_thi_dua_thanh_pho",
    "co_thi_dua_chinh_phu",
]


async def raw_kafka(count: int, namespace: str) -> float:
    """(a) messages/s to produce and then consume `count` 1 KB messages."""
    topic = f"{namespace}bench.raw"
    await ensure_topics(KAFKA, [topics.Topic(topic, partitions=6)], "")
    value = os.urandom(512).hex().encode()  # 1024 bytes
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all", enable_idempotence=True, linger_ms=5)
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=KAFKA, auto_offset_reset="earliest", group_id=f"{namespace}raw"
    )
    await producer.start()
    await consumer.start()
    started = time.perf_counter()
    try:
        futures = [await producer.send(topic, value, key=str(i % 64).encode()) for i in range(count)]
        await asyncio.gather(*futures)
        received = 0
        while received < count:
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            received += sum(len(v) for v in batch.values())
        await consumer.commit()
    finally:
        elapsed = time.perf_counter() - started
        await producer.stop()
        await consumer.stop()
    return count / elapsed


def _registration_events(count: int, namespace: str) -> list[tuple[bytes, bytes]]:
    wards = [u for u in load_tree_2020().units if u.kind == "ward"]
    parents = {u.unit_id: u.parent_on(datetime(2020, 1, 1).date()) for u in wards}
    now = datetime(2020, 1, 30, tzinfo=UTC)
    out = []
    for i, (ward, title) in enumerate(
        itertools.islice(itertools.cycle(itertools.product(wards, TITLES)), count)
    ):
        path = ["ha-noi", parents[ward.unit_id] or "ha-noi", ward.unit_id]
        envelope = new_envelope(
            event_type="registration.submitted",
            schema_version=1,
            producer="bench",
            unit_id=ward.unit_id,
            unit_path=path,
            actor="bench",
            payload=RegistrationSubmitted(
                registration_id=f"bench-{i}",
                round_id="bench",
                year=2020,
                subject_kind="collective",
                subject_unit_id=ward.unit_id,
                subject_name=ward.name,
                title_code=title,
                title_name=title,
                receiving_unit_id=path[1],
                submitted_at=now,
            ),
        )
        out.append((ward.unit_id.encode(), envelope.model_dump_json().encode()))
    return out


async def slice_events(count: int, namespace: str, env: dict[str, str], logs: Path) -> float:
    """(b) registration events/s from the topic to stored report effects (all counters updated)."""
    await ensure_topics(KAFKA, topics.ALL_TOPICS, f"{namespace}.")
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all", enable_idempotence=True, linger_ms=5)
    await producer.start()
    try:
        topic = topics.REGISTRATIONS.qualified(f"{namespace}.")
        futures = [
            await producer.send(topic, value, key=key)
            for key, value in _registration_events(count, namespace)
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
    counters = mongo[f"{namespace}_reporting"]["counters"]
    processes = Slice(env, logs)
    started = time.perf_counter()
    processes.start("reporting-consumer")
    try:
        while True:
            city = await counters.find_one({"_id": "ha-noi:2020"})
            if city is not None and city["registrations_total"] >= count:
                break
            await asyncio.sleep(0.2)
        return count / (time.perf_counter() - started)
    finally:
        processes.stop_all()
        await mongo.close()


async def http_submissions(
    rounds: int, concurrency: int, env: dict[str, str], logs: Path
) -> tuple[float, int]:
    """(c) HTTP registrations/s against the registration HTTP app (its own process)."""
    from registration import bootstrap
    from registration.config import Settings
    from registration.usecases import seeding

    deps = bootstrap.deps(Settings())  # reads the namespaced environment set by main()
    units = [u for u in load_tree_2020().units if u.kind in ("ward", "district")]
    for r in range(rounds):
        await seeding.open_round(
            deps,
            Round(
                f"bench-{r}",
                f"Bench {r}",
                "registration",
                2020,
                "ha-noi",
                "Thành phố Hà Nội",
                datetime(2020, 1, 1).date(),
                datetime.now(UTC) + timedelta(days=1),
            ),
        )
    token = mint_token(
        subject="bench",
        bindings=[("admin", "ha-noi")],
        secret=DEV_JWT_SECRET,
        issuer="emutrack-local",
        audience="emutrack",
    )
    jobs = [(f"bench-{r}", u.unit_id, t) for r in range(rounds) for u in units for t in TITLES]
    processes = Slice(env, logs)
    processes.start("registration-http")
    queue: asyncio.Queue[tuple[str, str, str]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    failures = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal failures
        while not queue.empty():
            round_id, unit_id, title = queue.get_nowait()
            response = await client.post(
                f"/rounds/{round_id}/registrations",
                json={"unit_id": unit_id, "title_code": title},
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
            )
            failures += response.status_code != 201

    try:
        # TCP_NODELAY: httpx writes headers and body separately; without it Nagle's algorithm
        # and delayed ACKs add ~40 ms to every request and the figure measures the client.
        transport = httpx.AsyncHTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
        async with httpx.AsyncClient(
            base_url=processes.url("registration-http"), timeout=30, transport=transport
        ) as client:
            started = time.perf_counter()
            await asyncio.gather(*(worker(client) for _ in range(concurrency)))
            elapsed = time.perf_counter() - started
    finally:
        processes.stop_all()
    return len(jobs) / elapsed, failures


async def main() -> None:
    """Run the three measurements and print them with the machine."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--http-rounds", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    async with workspace() as ws:
        raw = await raw_kafka(args.messages, ws.namespace)
        events = await slice_events(args.events, ws.namespace, ws.env, ws.logs)
        http, failures = await http_submissions(args.http_rounds, args.concurrency, ws.env, ws.logs)
        result = {
            "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
            "a_raw_kafka_msgs_per_s": round(raw),
            "b_slice_events_per_s": round(events),
            "c_http_submissions_per_s": round(http),
            "http_failures": failures,
            "ratio_b_over_a": round(events / raw, 4),
            "params": vars(args),
        }
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
