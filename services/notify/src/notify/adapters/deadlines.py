"""MongoDB queries of rounds, the tree's units, who submitted (for reminders), and what things are called."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document, insert_new


class DeadlineBook:
    """Rounds (latest deadline), units by parent, the units that submitted to each round; dossiers' names."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._rounds = db["rounds"]
        self._units = db["units"]
        self._submitted = db["round_submissions"]
        self._sent = db["reminders_sent"]
        self._dossiers = db["dossiers"]

    async def keep_round(self, round_id: str, fields: Document) -> None:
        """Store or refresh a round (a moved deadline replaces the old one)."""
        await self._rounds.update_one({"_id": round_id}, {"$set": fields}, upsert=True)

    async def keep_extension(self, round_id: str, unit_id: str, deadline: datetime) -> None:
        """One unit's own later deadline (the round stays swept until the latest of them)."""
        await self._rounds.update_one(
            {"_id": round_id},
            {"$set": {f"extensions.{unit_id}": deadline}, "$max": {"latest_deadline": deadline}},
            upsert=True,
        )

    async def keep_unit(self, unit_id: str, parent_id: str | None, name: str, path: list[str]) -> None:
        """Store a unit under its parent, with its path from the root (itself last)."""
        await self._units.update_one(
            {"_id": unit_id},
            {"$set": {"parent": parent_id, "name": name, "path": path, "retired": False}},
            upsert=True,
        )

    async def move_unit(self, unit_id: str, parent_id: str) -> None:
        """The unit now sits under another parent (its path follows the parent's)."""
        parent_path = await self.path_of(parent_id)
        await self._units.update_one(
            {"_id": unit_id}, {"$set": {"parent": parent_id, "path": [*parent_path, unit_id]}}
        )

    async def retire_unit(self, unit_id: str) -> None:
        """The unit no longer exists: it is not expected to submit any more."""
        await self._units.update_one({"_id": unit_id}, {"$set": {"retired": True}})

    async def known_path(self, unit_id: str) -> list[str] | None:
        """The unit's path from the root, itself last; None if notify never heard of it."""
        doc = await self._units.find_one({"_id": unit_id}, {"path": 1})
        return None if doc is None else list(doc.get("path") or [unit_id])

    async def names(self, unit_ids: Iterable[str]) -> dict[str, str]:
        """The names of the units notify heard of among `unit_ids`."""
        wanted = sorted(set(unit_ids))
        if not wanted:
            return {}
        docs = await self._units.find({"_id": {"$in": wanted}}, {"name": 1}).to_list(None)
        return {d["_id"]: d["name"] for d in docs if d.get("name")}

    async def round_names(self, round_ids: Iterable[str]) -> dict[str, str]:
        """The names of the rounds notify heard of among `round_ids`."""
        wanted = sorted(set(round_ids))
        if not wanted:
            return {}
        docs = await self._rounds.find({"_id": {"$in": wanted}}, {"name": 1}).to_list(None)
        return {d["_id"]: d["name"] for d in docs if d.get("name")}

    async def path_of(self, unit_id: str) -> list[str]:
        """The unit's path from the root, itself last (just itself if notify never heard of it)."""
        return await self.known_path(unit_id) or [unit_id]

    async def keep_dossier(self, dossier_id: str, facts: dict[str, str]) -> None:
        """What a dossier is called by: its subject and award."""
        await self._dossiers.update_one({"_id": dossier_id}, {"$set": facts}, upsert=True)

    async def dossiers(self, dossier_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """The subject and award of the dossiers notify heard of among `dossier_ids`."""
        wanted = sorted(set(dossier_ids))
        if not wanted:
            return {}
        docs = await self._dossiers.find({"_id": {"$in": wanted}}).to_list(None)
        return {d["_id"]: {k: v for k, v in d.items() if k != "_id"} for d in docs}

    async def mark_submitted(self, round_id: str, unit_id: str) -> None:
        """The unit submitted to the round (once is enough)."""
        await self._submitted.update_one(
            {"_id": f"{round_id}|{unit_id}"},
            {"$set": {"round_id": round_id, "unit_id": unit_id}},
            upsert=True,
        )

    async def rounds_open_around(self, since: datetime) -> list[Document]:
        """Rounds (of every kind) whose deadline, or a unit's later one, is not older than `since`."""
        query = {"$or": [{"deadline": {"$gte": since}}, {"latest_deadline": {"$gte": since}}]}
        return await self._rounds.find(query).to_list(None)

    async def children(self, unit_id: str) -> list[Document]:
        """The units directly under a unit."""
        units = await self._units.find({"parent": unit_id}).sort("_id", 1).to_list(None)
        return [u for u in units if not u.get("retired")]

    async def submitted(self, round_id: str) -> set[str]:
        """The units that submitted to the round."""
        return {d["unit_id"] for d in await self._submitted.find({"round_id": round_id}).to_list(None)}

    async def already_sent(self, keys: Sequence[str]) -> set[str]:
        """The reminders among `keys` whose fan-out finished (their deliveries are all written)."""
        found = await asyncio.gather(*(self._sent.find_one({"_id": k}, {"_id": 1}) for k in keys))
        return {k for k, doc in zip(keys, found, strict=True) if doc is not None}

    async def mark_sent(self, keys: Sequence[str], at: datetime) -> None:
        """These reminders' fan-out finished: later sweeps skip them."""
        await insert_new(self._sent, [{"_id": k, "at": at} for k in keys])
