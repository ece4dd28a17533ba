"""A second local stack on other ports is wholly separate: the port variables alone move every process.

deploy/local/infra.sh starts a second Kafka and FerretDB on free ports from a temporary
EMT_LOCAL_DIR (reusing the built jars and binary); the seed CLI and the registration consumer
then run with only EMT_KAFKA_PORT / EMT_FERRETDB_PORT naming the servers, and their data must
be in the second stack and nowhere in the first.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from pymongo import AsyncMongoClient

from emutrack_contracts import topics
from emutrack_kit_testing.helpers import read_topic
from emutrack_kit_testing.processes import BIN, Slice

ROOT = Path(__file__).resolve().parents[1]
INFRA_SH = ROOT / "deploy/local/infra.sh"
# What infra.sh would otherwise resolve or build (minutes); the data, pids and logs stay apart.
BUILT = ("kafka/libs", "ferretdb/bin")


@dataclass(frozen=True)
class SecondStack:
    """The second stack's ports, and the environment its processes get."""

    kafka_port: int
    ferretdb_port: int
    namespace: str
    env: dict[str, str]


def _free_ports(count: int) -> list[int]:
    with ExitStack() as held:
        sockets = [held.enter_context(socket.socket()) for _ in range(count)]
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture
def second_stack(infra: Any, tmp_path: Path) -> Iterator[SecondStack]:
    """Kafka and FerretDB of a second stack on free ports, stopped afterwards."""
    first_state = Path(os.environ.get("EMT_LOCAL_DIR", ROOT / ".local"))
    state = tmp_path / "local"
    links: list[Path] = []
    for built in BUILT:
        if (first_state / built).is_dir():
            (state / built).parent.mkdir(parents=True, exist_ok=True)
            (state / built).symlink_to((first_state / built).resolve(), target_is_directory=True)
            links.append(state / built)
    kafka_port, controller_port, ferretdb_port = _free_ports(3)
    namespace = f"t{uuid.uuid4().hex[:10]}"
    env = {k: v for k, v in os.environ.items() if k not in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL")}
    env |= {
        "EMT_LOCAL_DIR": str(state),
        "EMT_KAFKA_PORT": str(kafka_port),
        "EMT_KAFKA_CONTROLLER_PORT": str(controller_port),
        "EMT_FERRETDB_PORT": str(ferretdb_port),
        "EMT_ENVIRONMENT": "development",
        "EMT_DATABASE_PREFIX": f"{namespace}_",
        "EMT_TOPIC_NAMESPACE": f"{namespace}.",
        # The sign-in stays the first stack's (it holds no data of either): no second Keycloak.
        "EMT_OIDC_ISSUER": f"http://127.0.0.1:{os.environ.get('EMT_KEYCLOAK_PORT', '8180')}/realms/emutrack",
    }
    try:
        _run([str(INFRA_SH), "up"], env)
        yield SecondStack(kafka_port, ferretdb_port, namespace, env)
    finally:
        _run([str(INFRA_SH), "down"], env)
        for link in links:
            link.unlink()  # so that removing tmp_path can never reach into the first stack's files


@pytest.fixture
async def first_mongo(infra: Any, second_stack: SecondStack) -> AsyncIterator[AsyncMongoClient[Any]]:
    """The first stack's server; whatever the test leaked into it is dropped afterwards."""
    client: AsyncMongoClient[Any] = AsyncMongoClient(infra.mongodb)
    yield client
    for name in await client.list_database_names():
        if name.startswith(second_stack.namespace):
            await client.drop_database(name)
    await client.close()


async def _topics(bootstrap: str) -> set[str]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        return set(await consumer.topics())
    finally:
        await consumer.stop()


async def test_the_port_variables_alone_move_the_seed_and_the_services(
    second_stack: SecondStack, first_mongo: AsyncMongoClient[Any], infra: Any, tmp_path: Path
) -> None:
    env, ns = second_stack.env, second_stack.namespace
    seeded = await asyncio.to_thread(
        _run, [str(BIN / "emt-registration-seed"), "--tree", "2020", "--deadline", "2099-12-31"], env
    )
    assert "units added" in seeded.stdout

    second: AsyncMongoClient[Any] = AsyncMongoClient(f"mongodb://127.0.0.1:{second_stack.ferretdb_port}/")
    try:
        unit_ids = {
            u["_id"] for u in await second[f"{ns}_registration"]["units"].find({}, {"_id": 1}).to_list()
        }
    finally:
        await second.close()
    assert "ha-noi" in unit_ids
    assert not [name for name in await first_mongo.list_database_names() if name.startswith(ns)]

    consumer = Slice({}, tmp_path)
    consumer.env = env  # not Slice's merge with os.environ: that could name the first stack's servers
    try:
        await asyncio.to_thread(consumer.start, "registration-consumer")
        second_kafka = f"127.0.0.1:{second_stack.kafka_port}"
        relayed = await read_topic(second_kafka, topics.UNITS.qualified(f"{ns}."), len(unit_ids))
    finally:
        consumer.stop_all()
    assert {r["value"]["unit_id"] for r in relayed} == unit_ids
    assert not {t for t in await _topics(infra.kafka) if t.startswith(ns)}
