"""Lists of people as last counted, in MongoDB (a resubmitted list counts as its difference)."""

from __future__ import annotations

from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository
from reporting.domain.facts import CountedList


def stored_list(counted: CountedList) -> Document:
    """A list as stored (without its `_id`)."""
    return {"counts_by_title": dict(counted.counts), "version": counted.version}


class ListRepository(Repository):
    """The last counted version of each unit's list of people."""

    collection_name = "individual_lists"

    async def counted(self, list_id: str) -> CountedList | None:
        """The list as last counted, None if never."""
        doc = await self.document(list_id)
        return None if doc is None else CountedList(dict(doc["counts_by_title"]), int(doc["version"]))

    async def remember(self, list_id: str, counted: CountedList) -> None:
        """Record the counted version (never moves backwards)."""
        fields = stored_list(counted)
        newer = {"$or": [{"version": {"$exists": False}}, {"version": {"$lt": counted.version}}]}
        await self.collection.update_one({"_id": list_id, **newer}, {"$set": fields})
        await self.collection.update_one({"_id": list_id}, {"$setOnInsert": fields}, upsert=True)
