"""Test infrastructure shared by every test: real servers, isolated namespaces, tokens.

Servers, in order of preference: KAFKA_BOOTSTRAP_SERVERS / MONGODB_URL if set; else
testcontainers when a Docker engine answers; else the local servers of deploy/local
(started here if `make test` has not already started them) on EMT_KAFKA_PORT / EMT_FERRETDB_PORT.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pymongo import AsyncMongoClient

from emutrack_kit.auth import mint_token
from emutrack_kit.settings import DEV_JWT_SECRET, CommonSettings

# Every process a test starts is in the test environment unless the test says otherwise: outside an
# explicit development or test environment, the settings refuse the local signing key (ADR 0021).
os.environ.setdefault("EMT_ENVIRONMENT", "test")

ROOT = Path(__file__).resolve().parent
SERVICES = ("registration", "review", "notify", "reporting", "access")


@dataclass(frozen=True)
class Infra:
    """Where the real servers are."""

    kafka: str
    mongodb: str


def _docker_engine_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
    except Exception:
        return False
    return True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests under integration/ and the cross-service tests/ need the real servers."""
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT).parts
        if "integration" in parts or parts[0] == "tests":
            item.add_marker(pytest.mark.integration)
        if parts[0] == "tests":
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    """The Kafka broker and MongoDB-protocol server the tests talk to."""
    kafka, mongodb = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("MONGODB_URL")
    if kafka and mongodb:
        yield Infra(kafka, mongodb)
        return
    if _docker_engine_answers():
        from testcontainers.kafka import KafkaContainer
        from testcontainers.mongodb import MongoDbContainer

        with KafkaContainer().with_kraft() as k, MongoDbContainer("mongo:7") as m:
            yield Infra(k.get_bootstrap_server(), m.get_connection_url())
        return
    subprocess.run([str(ROOT / "deploy/local/infra.sh"), "up"], check=True)
    # The services' own rule: a server named in the environment, else the local one on its port.
    settings = CommonSettings()
    yield Infra(settings.kafka_bootstrap_servers, settings.mongodb_url)


@pytest.fixture
def namespace() -> str:
    """A fresh namespace for topics, consumer groups and databases of one test."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def service_env(
    infra: Infra, namespace: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[dict[str, str]]:
    """Environment that points every service at the real servers, isolated by namespace."""
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka,
        "MONGODB_URL": infra.mongodb,
        "EMT_TOPIC_NAMESPACE": f"{namespace}.",
        "EMT_DATABASE_PREFIX": f"{namespace}_",
        "EMT_ENVIRONMENT": "test",
        "EMT_JWT_SECRET": DEV_JWT_SECRET,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield env
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(infra.mongodb)
    for service in SERVICES:
        await client.drop_database(f"{namespace}_{service}")
    await client.close()


@pytest.fixture
async def mongo(infra: Infra) -> AsyncIterator[AsyncMongoClient[dict[str, object]]]:
    """A raw client for assertions on stored state."""
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    yield client
    await client.close()


TokenFactory = Callable[..., str]


@pytest.fixture
def token() -> TokenFactory:
    """Mint a bearer token: token("unit_officer", "p-kim-giang") or several (role, unit) pairs."""

    def make(role: str, unit_id: str, *more: tuple[str, str], subject: str = "tester") -> str:
        return mint_token(
            subject=subject,
            bindings=[(role, unit_id), *more],
            secret=DEV_JWT_SECRET,
            issuer="emutrack-local",
            audience="emutrack",
        )

    return make
