"""Shared by the reporting tests that run the consumer and the rebuild as processes."""

from __future__ import annotations

import os
import subprocess
from typing import Any

from emutrack_kit_testing.processes import BIN

COLLECTIONS = (
    "facts",
    "counters",
    "org_units",
    "individual_lists",
    "rounds",
    "first_submissions",
    "parked_events",
    "awardees",
    "submission_kinds",
    "nomination_progress",
    "cluster_rankings",
)
# Bookkeeping of where in the log each fact was first applied: it depends on the order the
# consumer happened to take partitions in (a decision may be parked live and not in the replay),
# never on what is counted. Everything else must be identical.
BOOKKEEPING = {"snapshot_pending", "applied", "topic", "partition", "offset"}


async def read_models(mongo: Any, namespace: str) -> dict[str, dict[str, Any]]:
    """Every reporting collection, by document id, without the bookkeeping fields."""
    db = mongo[f"{namespace}_reporting"]
    models: dict[str, dict[str, Any]] = {}
    for name in COLLECTIONS:
        docs = await db[name].find().to_list(None)
        models[name] = {d["_id"]: {k: v for k, v in d.items() if k not in BOOKKEEPING} for d in docs}
    return models


def differences(live: dict[str, Any], rebuilt: dict[str, Any]) -> list[Any]:
    """The documents that differ, field by field (a readable failure)."""
    return [
        (key, {f: (live.get(key, {}).get(f), rebuilt.get(key, {}).get(f))
               for f in {*live.get(key, {}), *rebuilt.get(key, {})}
               if live.get(key, {}).get(f) != rebuilt.get(key, {}).get(f)})
        for key in sorted({*live, *rebuilt})
        if live.get(key) != rebuilt.get(key)
    ]  # fmt: skip


async def consumed_everything(env: dict[str, str]) -> bool:
    """Whether the reporting group has committed past every record of its topics (effects stored)."""
    from aiokafka import AIOKafkaConsumer, TopicPartition
    from aiokafka.admin import AIOKafkaAdminClient

    from reporting.entrypoints.subscribers import SUBSCRIBERS

    bootstrap, ns = env["KAFKA_BOOTSTRAP_SERVERS"], env["EMT_TOPIC_NAMESPACE"]
    tps = [TopicPartition(t.qualified(ns), p) for t in SUBSCRIBERS.topics() for p in range(t.partitions)]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await consumer.start()
    await admin.start()
    try:
        ends = await consumer.end_offsets(tps)
        committed = await admin.list_consumer_group_offsets(f"{ns}emt-reporting")
    finally:
        await consumer.stop()
        await admin.close()
    return all(end == 0 or (tp in committed and committed[tp].offset >= end) for tp, end in ends.items())


def rebuild(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `emt-reporting-rebuild` as operations would."""
    return subprocess.run(
        [str(BIN / "emt-reporting-rebuild"), "--quiet"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
