"""The clusters' published rankings in MongoDB."""

from __future__ import annotations

from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository
from reporting.domain.awards import PublishedRanking, Ranked, by_cluster_name


def stored_ranking(r: PublishedRanking) -> Document:
    """A ranking as stored: one per cluster and year."""
    return {
        "_id": r.key,
        "cluster_id": r.cluster_id,
        "cluster_name": r.cluster_name,
        "year": r.year,
        "level_unit_id": r.level_unit_id,
        "level_path": list(r.level_path),
        "ranking": [{"unit_id": m.unit_id, "rank": m.rank, "final_score": m.final_score} for m in r.ranking],
        "published_at": r.published_at,
    }


def ranking_of(doc: Document) -> PublishedRanking:
    """A stored ranking."""
    return PublishedRanking(
        cluster_id=doc["cluster_id"],
        cluster_name=doc["cluster_name"],
        year=int(doc["year"]),
        level_unit_id=doc["level_unit_id"],
        level_path=tuple(doc["level_path"]),
        ranking=tuple(Ranked(m["unit_id"], int(m["rank"]), float(m["final_score"])) for m in doc["ranking"]),
        published_at=doc["published_at"],
    )


class RankingBook(Repository):
    """One document per cluster and year: the latest ranking its head published."""

    collection_name = "cluster_rankings"

    async def keep(self, ranking: PublishedRanking) -> None:
        """Store the ranking unless a later one is already stored (any order, any repeat)."""
        newer = {"_id": ranking.key, "published_at": {"$gte": ranking.published_at}}
        if await self.collection.find_one(newer) is None:
            await self.collection.replace_one({"_id": ranking.key}, stored_ranking(ranking), upsert=True)

    async def within(self, unit_id: str, year: int) -> list[PublishedRanking]:
        """The rankings of clusters organised by the unit or a unit under it, by cluster name."""
        docs = await self.collection.find({"level_path": unit_id, "year": year}).to_list(None)
        return by_cluster_name(ranking_of(d) for d in docs)
