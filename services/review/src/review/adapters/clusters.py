"""MongoDB queries of emulation clusters: one document per cluster and year, changed by compare-and-set."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_kit.mongo import Document


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

    async def save(self, cluster_id: str, version: int, fields: Document) -> bool:
        """Store changes if nobody changed the cluster meanwhile."""
        result = await self._clusters.update_one(
            {"_id": cluster_id, "version": version}, {"$set": fields, "$inc": {"version": 1}}
        )
        return result.modified_count == 1
