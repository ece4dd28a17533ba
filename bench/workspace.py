"""A benchmark's isolated workspace: its namespace, seeded data, logs, and cleanup."""

from __future__ import annotations

import asyncio
import os
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from emutrack_kit.settings import CommonSettings
from emutrack_kit_testing.processes import BIN

# The services' own rule: KAFKA_BOOTSTRAP_SERVERS / MONGODB_URL, else the local servers' ports.
_SERVERS = CommonSettings()
KAFKA, MONGODB = _SERVERS.kafka_bootstrap_servers, _SERVERS.mongodb_url


@dataclass(frozen=True)
class Workspace:
    """Where one benchmark run writes: topic namespace, database prefix, process logs."""

    namespace: str
    env: dict[str, str]
    logs: Path


@asynccontextmanager
async def workspace(*seed_args: str) -> AsyncIterator[Workspace]:
    """A fresh namespace with the 2020 tree seeded; its databases are dropped afterwards."""
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": KAFKA,
        "MONGODB_URL": MONGODB,
        "EMT_TOPIC_NAMESPACE": f"{namespace}.",
        "EMT_DATABASE_PREFIX": f"{namespace}_",
        "EMT_ENVIRONMENT": "test",
    }
    os.environ.update(env)  # in-process use cases read the same settings as the processes
    await asyncio.to_thread(
        subprocess.run, [str(BIN / "emt-registration-seed"), *seed_args], check=True, capture_output=True
    )
    try:
        yield Workspace(namespace, env, Path(tempfile.mkdtemp(prefix="emt-bench-")))
    finally:
        mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
        for service in ("registration", "review", "notify", "reporting"):
            await mongo.drop_database(f"{namespace}_{service}")
        await mongo.close()
