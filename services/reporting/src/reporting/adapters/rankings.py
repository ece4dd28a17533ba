"""MongoDB queries of the clusters' published rankings."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document


class RankingBook:
    """One document per cluster and year: the latest ranking its head published."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._rankings = db["cluster_rankings"]

    async def keep(self, doc: Document) -> None:
        """Store the ranking unless a later one is already stored (any order, any repeat)."""
        newer = {"_id": doc["_id"], "published_at": {"$gte": doc["published_at"]}}
        if await self._rankings.find_one(newer) is None:
            await self._rankings.replace_one({"_id": doc["_id"]}, doc, upsert=True)

    async def within(self, unit_id: str, year: int) -> list[Document]:
        """The rankings of clusters organised by the unit or a unit under it, by cluster name."""
        docs = await self._rankings.find({"level_path": unit_id, "year": year}).to_list(None)
        return sorted(docs, key=lambda d: (d["cluster_name"], d["_id"]))
