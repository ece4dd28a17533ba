"""MongoDB queries of rounds and of each unit's first submission to them."""

from __future__ import annotations

from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, OperationFailure

from emutrack_kit.mongo import Document, is_duplicate_key


class RoundBook:
    """Rounds (every deadline they had) and, per round and unit, the time of the first submission."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._rounds = db["rounds"]
        self._firsts = db["first_submissions"]

    async def keep(self, round_id: str, fields: Document, deadline_set_at: datetime) -> None:
        """Store or refresh a round, adding its deadline to those it had (with when it was set)."""
        entry = {"set_at": deadline_set_at, "deadline": fields["deadline"]}
        await self._rounds.update_one(
            {"_id": round_id}, {"$set": fields, "$addToSet": {"deadlines": entry}}, upsert=True
        )

    async def extend(self, round_id: str, unit_id: str, set_at: datetime, deadline: datetime) -> None:
        """Add one unit's own later deadline (with when it was granted) to the round."""
        entry = {"unit_id": unit_id, "set_at": set_at, "deadline": deadline}
        await self._rounds.update_one({"_id": round_id}, {"$addToSet": {"extensions": entry}}, upsert=True)

    async def get(self, round_id: str) -> Document | None:
        """One round."""
        return await self._rounds.find_one({"_id": round_id})

    async def received_by(self, unit_id: str, year: int, kind: str) -> list[Document]:
        """The rounds of a kind a unit received in a year, by deadline."""
        query = {"receiving_unit_id": unit_id, "year": year, "kind": kind}
        return await self._rounds.find(query).sort([("deadline", 1), ("_id", 1)]).to_list(None)

    async def submitted(self, round_id: str, unit_id: str, at: datetime) -> None:
        """A unit submitted to the round at `at`; the earliest time is kept (any order, any repeat)."""
        key = {"_id": f"{round_id}|{unit_id}"}
        fields = {"round_id": round_id, "unit_id": unit_id}
        try:
            await self._firsts.update_one(key, {"$min": {"at": at}, "$set": fields}, upsert=True)
        except (DuplicateKeyError, OperationFailure) as exc:  # two upserts at once: the other inserted
            if not is_duplicate_key(exc):
                raise
            await self._firsts.update_one(key, {"$min": {"at": at}})

    async def firsts(self, round_id: str) -> dict[str, datetime]:
        """Unit -> time of its first submission to the round."""
        docs = await self._firsts.find({"round_id": round_id}).to_list(None)
        return {d["unit_id"]: d["at"] for d in docs}
