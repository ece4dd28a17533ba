"""MongoDB queries of what reminders are computed from: rounds, the tree's units, who submitted."""

from __future__ import annotations

from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document


class DeadlineBook:
    """Rounds (latest deadline), units by parent, and the units that submitted to each round."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._rounds = db["rounds"]
        self._units = db["units"]
        self._submitted = db["round_submissions"]

    async def keep_round(self, round_id: str, fields: Document) -> None:
        """Store or refresh a round (a moved deadline replaces the old one)."""
        await self._rounds.update_one({"_id": round_id}, {"$set": fields}, upsert=True)

    async def keep_unit(self, unit_id: str, parent_id: str | None, name: str) -> None:
        """Store a unit under its parent."""
        await self._units.update_one(
            {"_id": unit_id}, {"$set": {"parent": parent_id, "name": name}}, upsert=True
        )

    async def mark_submitted(self, round_id: str, unit_id: str) -> None:
        """The unit submitted to the round (once is enough)."""
        await self._submitted.update_one(
            {"_id": f"{round_id}|{unit_id}"},
            {"$set": {"round_id": round_id, "unit_id": unit_id}},
            upsert=True,
        )

    async def rounds_open_around(self, since: datetime) -> list[Document]:
        """Registration rounds whose deadline is not older than `since`."""
        return await self._rounds.find({"kind": "registration", "deadline": {"$gte": since}}).to_list(None)

    async def children(self, unit_id: str) -> list[Document]:
        """The units directly under a unit."""
        return await self._units.find({"parent": unit_id}).sort("_id", 1).to_list(None)

    async def submitted(self, round_id: str) -> set[str]:
        """The units that submitted to the round."""
        return {d["unit_id"] for d in await self._submitted.find({"round_id": round_id}).to_list(None)}
