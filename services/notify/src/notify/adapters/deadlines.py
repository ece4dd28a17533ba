"""MongoDB repositories of what reminders learn: rounds and their deadlines, who submitted, what was sent.

The units a round expects come from the tree replica (`emutrack_kit.org_replica`), not from here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import datetime

from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.repository import Repository
from notify.domain.reminders import RoundDeadline


class Rounds(Repository):
    """Rounds: name, kind, receiving unit, (latest) deadline, and units given a later one."""

    collection_name = "rounds"

    async def keep(self, round_: RoundDeadline) -> None:
        """Store or refresh a round (a moved deadline replaces the old one; extensions stay)."""
        fields = {
            "name": round_.name,
            "kind": round_.kind,
            "receiving_unit_id": round_.receiving_unit_id,
            "deadline": round_.deadline,
        }
        await self.collection.update_one({"_id": round_.round_id}, {"$set": fields}, upsert=True)

    async def keep_extension(self, round_id: str, unit_id: str, deadline: datetime) -> None:
        """One unit's own later deadline (the round stays swept until the latest of them)."""
        await self.collection.update_one(
            {"_id": round_id},
            {"$set": {f"extensions.{unit_id}": deadline}, "$max": {"latest_deadline": deadline}},
            upsert=True,
        )

    async def names(self, round_ids: Iterable[str]) -> dict[str, str]:
        """The names of the rounds notify heard of among `round_ids`."""
        docs = await by_ids(self, round_ids, {"name": 1})
        return {d["_id"]: d["name"] for d in docs if d.get("name")}

    async def get(self, round_id: str) -> RoundDeadline | None:
        """One round notify heard opened, or None."""
        doc = await self.collection.find_one({"_id": round_id})
        return _round(doc) if doc and doc.get("name") and doc.get("deadline") else None

    async def open_around(self, since: datetime) -> list[RoundDeadline]:
        """Rounds (of every kind) whose deadline, or a unit's later one, is not older than `since`."""
        query = {"$or": [{"deadline": {"$gte": since}}, {"latest_deadline": {"$gte": since}}]}
        docs = await self.collection.find(query).to_list(None)
        # A round known only by an extension (its `round.opened` not heard yet) waits until it opens.
        return [_round(d) for d in docs if d.get("name") and d.get("deadline")]


def _round(doc: Document) -> RoundDeadline:
    return RoundDeadline(
        round_id=doc["_id"],
        name=doc["name"],
        receiving_unit_id=doc["receiving_unit_id"],
        deadline=doc["deadline"],
        extensions=dict(doc.get("extensions") or {}),
        kind=doc.get("kind") or "registration",
    )


class Submissions(Repository):
    """Which units submitted to which round (any kind of submission counts)."""

    collection_name = "round_submissions"

    async def mark(self, round_id: str, unit_id: str) -> None:
        """The unit submitted to the round (once is enough)."""
        await self.collection.update_one(
            {"_id": f"{round_id}|{unit_id}"},
            {"$set": {"round_id": round_id, "unit_id": unit_id}},
            upsert=True,
        )

    async def of_round(self, round_id: str) -> set[str]:
        """The units that submitted to the round."""
        return {d["unit_id"] for d in await self.collection.find({"round_id": round_id}).to_list(None)}


class SentReminders(Repository):
    """The reminders whose fan-out finished (their deliveries are all written)."""

    collection_name = "reminders_sent"

    async def among(self, keys: Sequence[str]) -> set[str]:
        """Those of `keys` already sent."""
        found = await asyncio.gather(*(self.collection.find_one({"_id": k}, {"_id": 1}) for k in keys))
        return {k for k, doc in zip(keys, found, strict=True) if doc is not None}

    async def mark(self, keys: Sequence[str], at: datetime) -> None:
        """These reminders' fan-out finished: later sweeps skip them."""
        await insert_new(self.collection, [{"_id": k, "at": at} for k in keys])


class Dossiers(Repository):
    """What dossiers are called by: their subject and award, as the events naming them told."""

    collection_name = "dossiers"

    async def keep(self, dossier_id: str, facts: dict[str, str]) -> None:
        """Store or refresh a dossier's subject and award."""
        await self.collection.update_one({"_id": dossier_id}, {"$set": facts}, upsert=True)

    async def facts(self, dossier_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """The subject and award of the dossiers notify heard of among `dossier_ids`."""
        docs = await by_ids(self, dossier_ids)
        return {d["_id"]: {k: v for k, v in d.items() if k != "_id"} for d in docs}


async def by_ids(
    repository: Repository, ids: Iterable[str], fields: Document | None = None
) -> list[Document]:
    """The documents of a repository with these ids (one query; none for no id)."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return await repository.collection.find({"_id": {"$in": wanted}}, fields).to_list(None)
