"""MongoDB queries of emulation clusters: one document per cluster and year, changed by compare-and-set."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import versioned_update


class DuplicateCluster(Exception):
    """A cluster with this id exists."""


class ClusterRepository:
    """Clusters with their criteria set, inspection assignment, score sheets, adjustments and results."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._clusters = db["clusters"]

    async def add(self, doc: Document) -> None:
        """Store a new cluster (version 1)."""
        try:
            await self._clusters.insert_one({**doc, "version": 1})
        except DuplicateKeyError as exc:
            raise DuplicateCluster(doc["_id"]) from exc

    async def get(self, cluster_id: str) -> Document | None:
        """One cluster, or None."""
        return await self._clusters.find_one({"_id": cluster_id})

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._clusters

    async def save(
        self, cluster_id: str, version: int, fields: Document, events: Sequence[Envelope] = ()
    ) -> bool:
        """Store changes, with their events, if nobody changed the cluster meanwhile."""
        result = await self._clusters.update_one(
            {"_id": cluster_id, "version": version}, versioned_update(fields, events)
        )
        return result.modified_count == 1
