"""MongoDB queries of the people search index; every filter is exactly `{_id: ...}`.

FerretDB 1.24 (SQLite) pushes a filter down only when it is `_id` equality and nothing else
(`backends/sqlite/collection.go`); `{_id: x, v: {$lt: 2}}` decodes the whole collection in Go.
Even pushed down, SQLite scans the table (its `_id` index is on another expression), so a
lookup costs in proportion to the collection's bytes: hence one small rows document per list
(compressed), not one per person. Its `update` command also holds one SQLite connection per
statement until the command ends, from a pool of 100: an update of 100 statements deadlocks the
server. Hence small batches.

Collections:
- `people_postings`    `_id = "<year>|<key>"`, `lists.<escaped list id> = {v, path, round_id,
  unit_id, rows: {title_code: "3,17,52"}}`;
- `people_rows`        `_id = <list id>`: `v`, unit and round, `people` = compressed JSON lines;
- `people_index_lists` `_id = <list id>`: the version applied (`v`) and the posting ids the list
  may appear in (written ahead, so the next version can clear them);
- `people_years`       `_id = "<year>"`: the years that have lists (a search without a year).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document
from registration.domain.people_index import IndexedList, IndexedRows, escape, unpack_rows

UPDATE_BATCH = 50  # statements per update command: FerretDB 1.24 deadlocks at 100


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

        The list's state document is the version guard: one consumer handles a list at a time
        (its events share a Kafka key, hence a partition: ADR 0003), so the check and the writes
        that follow do not race. A retry after a crash part-way through rewrites the same values.
        """
        state = await self._lists.find_one({"_id": lst.list_id})
        if state is not None and state["v"] >= lst.version:
            return False
        old_keys: set[str] = set(state["keys"]) if state else set()
        postings = lst.postings()
        # Write ahead every posting this version may leave behind, so the next one can clear it.
        await self._lists.update_one(
            {"_id": lst.list_id},
            {"$set": {"keys": sorted(old_keys | set(postings))}, "$setOnInsert": {"v": 0}},
            upsert=True,
        )
        await self._years.update_one({"_id": str(lst.year)}, {"$set": {"year": lst.year}}, upsert=True)
        await self._rows.replace_one({"_id": lst.list_id}, lst.rows_document(), upsert=True)
        field = f"lists.{escape(lst.list_id)}"
        ops = [
            UpdateOne({"_id": pid}, {"$set": {field: lst.entry(titles)}}, upsert=True)
            for pid, titles in postings.items()
        ]
        ops += [UpdateOne({"_id": pid}, {"$unset": {field: ""}}) for pid in sorted(old_keys - set(postings))]
        for start in range(0, len(ops), UPDATE_BATCH):
            await self._postings.bulk_write(ops[start : start + UPDATE_BATCH], ordered=True)
        await self._lists.update_one(
            {"_id": lst.list_id}, {"$set": {"v": lst.version, "keys": sorted(postings)}}
        )
        return True

    async def years(self) -> list[int]:
        """Years that have indexed lists, newest first."""
        return sorted((int(d["year"]) for d in await self._years.find({}).to_list(None)), reverse=True)

    async def postings(self, ids: Sequence[str]) -> list[Document | None]:
        """Posting documents by id (None where a key has none), in the order asked."""
        return list(await asyncio.gather(*(self._postings.find_one({"_id": i}) for i in ids)))

    async def rows(self, list_ids: Sequence[str]) -> dict[str, IndexedRows]:
        """The rows of these lists (a list missing from the index is left out)."""
        docs = await asyncio.gather(*(self._rows.find_one({"_id": i}) for i in dict.fromkeys(list_ids)))
        return {
            str(d["_id"]): IndexedRows(
                d["v"], d["unit_id"], d["unit_name"], d["round_id"], d["year"], unpack_rows(d["people"])
            )
            for d in docs
            if d is not None
        }
