"""The database must apply concurrent updates of one document atomically (as MongoDB does).

FerretDB 1.24 alone does not (read-modify-write without isolation); deploy/local runs it
behind a proxy that serialises commands. Every count in emutrack relies on this.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pymongo import AsyncMongoClient


async def test_concurrent_increments_of_one_document_are_all_kept(infra: Any, namespace: str) -> None:
    clients: list[AsyncMongoClient[dict[str, Any]]] = [AsyncMongoClient(infra.mongodb) for _ in range(3)]
    collection = clients[0][f"{namespace}_atomicity"]["counters"]
    await collection.insert_one({"_id": "x", "a": 0, "b": 0})

    async def increment(client: AsyncMongoClient[dict[str, Any]], field: str, times: int) -> None:
        for _ in range(times):
            await client[f"{namespace}_atomicity"]["counters"].update_one({"_id": "x"}, {"$inc": {field: 1}})

    await asyncio.gather(
        increment(clients[0], "a", 300), increment(clients[1], "a", 300), increment(clients[2], "b", 300)
    )
    assert await collection.find_one({"_id": "x"}) == {"_id": "x", "a": 600, "b": 300}
    await clients[0].drop_database(f"{namespace}_atomicity")
    for client in clients:
        await client.close()
