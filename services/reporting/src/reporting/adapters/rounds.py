"""Rounds and each unit's first submission to them, in MongoDB (docs/decisions/0015, 0019)."""

from __future__ import annotations

from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, OperationFailure

from emutrack_kit.mongo import Document, is_duplicate_key
from emutrack_kit.repository import Repository
from reporting.domain.coverage import Deadlines, Round


def round_fields(round_: Round) -> Document:
    """What a `round.opened` sets on the stored round (its deadlines are added to, never set)."""
    return {
        "name": round_.name,
        "kind": round_.kind,
        "year": round_.year,
        "receiving_unit_id": round_.receiving_unit_id,
        "deadline": round_.deadline,
    }


def round_of(doc: Document) -> Round | None:
    """A stored round; None for one known only by an extension granted before it was opened."""
    if "name" not in doc:
        return None
    extensions: dict[str, list[tuple[datetime, datetime]]] = {}
    for e in doc.get("extensions", []):
        extensions.setdefault(e["unit_id"], []).append((e["set_at"], e["deadline"]))
    deadlines: Deadlines = [(d["set_at"], d["deadline"]) for d in doc.get("deadlines", [])]
    return Round(
        round_id=str(doc["_id"]),
        name=doc["name"],
        kind=doc["kind"],
        year=int(doc["year"]),
        receiving_unit_id=doc["receiving_unit_id"],
        deadline=doc["deadline"],
        deadlines=deadlines,
        extensions=extensions,
    )


def in_deadline_order(rounds: list[Round]) -> list[Round]:
    """Rounds by deadline (then id)."""
    return sorted(rounds, key=lambda r: (r.deadline, r.round_id))


class RoundBook(Repository):
    """Rounds (every deadline they had) and, per round and unit, the time of the first submission."""

    collection_name = "rounds"

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        super().__init__(db)
        self._firsts = db["first_submissions"]

    async def keep(self, round_: Round, set_at: datetime) -> None:
        """Store or refresh a round, adding its deadline to those it had (with when it was set)."""
        entry = {"set_at": set_at, "deadline": round_.deadline}
        await self.collection.update_one(
            {"_id": round_.round_id},
            {"$set": round_fields(round_), "$addToSet": {"deadlines": entry}},
            upsert=True,
        )

    async def extend(self, round_id: str, unit_id: str, set_at: datetime, deadline: datetime) -> None:
        """Add one unit's own later deadline (with when it was granted) to the round."""
        entry = {"unit_id": unit_id, "set_at": set_at, "deadline": deadline}
        await self.collection.update_one({"_id": round_id}, {"$addToSet": {"extensions": entry}}, upsert=True)

    async def get(self, round_id: str) -> Round | None:
        """One round."""
        doc = await self.document(round_id)
        return None if doc is None else round_of(doc)

    async def received_by(self, unit_id: str, year: int, kind: str) -> list[Round]:
        """The rounds of a kind a unit received in a year, by deadline."""
        query = {"receiving_unit_id": unit_id, "year": year, "kind": kind}
        found = [round_of(d) for d in await self.collection.find(query).to_list(None)]
        return in_deadline_order([r for r in found if r is not None])

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
