"""MongoDB queries of the people search index; every one looks documents up by `_id`.

FerretDB 1.24 pushes no filter but `_id` equality down to SQLite, so anything else would
decode whole collections. Collections:

- `people_postings`  `_id = "<year>|<key>"`, `lists.<escaped list id> = {v, path, round_id,
  unit_id, rows: {title_code: "3,17,52"}}`;
- `people_rows`      `_id = "<list id>|<row>"`, the person's display fields and `v`;
- `people_index_lists` `_id = <list id>`: the version applied (`v`) and the posting ids and the
  number of rows the list may hold (written ahead, so a later version can clear them);
- `people_years`     `_id = <year>`: the years that have lists (a search without a year).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from pymongo import DeleteOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document
from registration.domain.people_index import IndexedList, escape, row_id


class PeopleIndex:
    """The derived search index of registered people, maintained from list events."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._postings = db["people_postings"]
        self._rows = db["people_rows"]
        self._lists = db["people_index_lists"]
        self._years = db["people_years"]

    async def applied_version(self, list_id: str) -> int:
        """The version of a list the index holds (0: none)."""
        state = await self._lists.find_one({"_id": list_id}, {"v": 1})
        return int(state["v"]) if state else 0

    async def apply(self, lst: IndexedList) -> bool:
        """Index one version of a list; an older or already applied version changes nothing.

        Every write is conditional on the version, so a retry after a crash part-way through
        rewrites the same values and a newer version is never overwritten. No write is expected
        to fail: FerretDB 1.24 stops an unordered bulk update at its first error.
        """
        state = await self._lists.find_one({"_id": lst.list_id})
        if state is not None and state["v"] >= lst.version:
            return False
        old_keys: set[str] = set(state["keys"]) if state else set()
        old_rows = int(state["rows"]) if state else 0
        postings = lst.postings()
        older = {"$lt": lst.version}
        not_newer = {"$not": {"$gt": lst.version}}
        # Write ahead what this version may leave behind, so a later version can clear it.
        await self._lists.update_one(
            {"_id": lst.list_id, "v": older},
            {
                "$set": {"keys": sorted(old_keys | set(postings)), "rows": max(old_rows, len(lst.rows))},
                "$setOnInsert": {"v": 0},
            },
            upsert=True,
        )
        await self._years.update_one({"_id": lst.year}, {"$setOnInsert": {"year": lst.year}}, upsert=True)
        row_ops: list[UpdateOne | DeleteOne] = [
            UpdateOne({"_id": row_id(lst.list_id, n), "v": not_newer}, {"$set": doc}, upsert=True)
            for n, doc in enumerate(lst.row_documents(), start=1)
        ]
        row_ops += [
            DeleteOne({"_id": row_id(lst.list_id, n), "v": older})
            for n in range(len(lst.rows) + 1, old_rows + 1)
        ]
        if row_ops:
            await self._rows.bulk_write(row_ops, ordered=False)
        field = f"lists.{escape(lst.list_id)}"
        posting_ops = [
            UpdateOne(
                {"_id": pid, f"{field}.v": not_newer}, {"$set": {field: lst.entry(titles)}}, upsert=True
            )
            for pid, titles in postings.items()
        ]
        posting_ops += [
            UpdateOne({"_id": pid, f"{field}.v": older}, {"$unset": {field: ""}})
            for pid in sorted(old_keys - set(postings))
        ]
        if posting_ops:
            await self._postings.bulk_write(posting_ops, ordered=False)
        await self._lists.update_one(
            {"_id": lst.list_id, "v": older},
            {"$set": {"v": lst.version, "keys": sorted(postings), "rows": len(lst.rows)}},
        )
        return True

    async def years(self) -> list[int]:
        """Years that have indexed lists, newest first."""
        return sorted((int(d["_id"]) for d in await self._years.find({}).to_list(None)), reverse=True)

    async def postings(self, ids: Sequence[str]) -> list[Document | None]:
        """Posting documents by id (None where a key has none), in the order asked."""
        return list(await asyncio.gather(*(self._postings.find_one({"_id": i}) for i in ids)))

    async def rows(self, ids: Sequence[str]) -> list[Document | None]:
        """Row documents by id (None where a row is gone), in the order asked."""
        return list(await asyncio.gather(*(self._rows.find_one({"_id": i}) for i in ids)))
