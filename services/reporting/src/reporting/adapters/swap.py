"""Writes rebuilt collections beside the live ones, then swaps them in by renaming."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document

REBUILT = "rebuilt_"
REPLACED = "replaced_"


class CollectionSwap:
    """Fresh collections `rebuilt_<name>`, renamed over `<name>` (the old one kept as `replaced_<name>`)."""

    def __init__(self, db: AsyncDatabase[Document], chunk: int = 1000) -> None:
        self._db = db
        self._chunk = chunk

    async def write(self, collections: Mapping[str, Sequence[Document]]) -> dict[str, int]:
        """Write every collection fresh under its `rebuilt_` name; return the document counts."""
        counts = {}
        for name, docs in collections.items():
            target = self._db[REBUILT + name]
            await target.drop()
            await self._db.create_collection(REBUILT + name)
            for start in range(0, len(docs), self._chunk):
                await target.insert_many(list(docs[start : start + self._chunk]), ordered=True)
            counts[name] = len(docs)
        return counts

    async def swap(self, names: Sequence[str], keep_replaced: bool) -> None:
        """Rename each rebuilt collection over the live one (a few milliseconds each)."""
        existing = set(await self._db.list_collection_names())
        for name in names:
            await self._db[REPLACED + name].drop()
            if name in existing:
                await self._db[name].rename(REPLACED + name)
            await self._db[REBUILT + name].rename(name)
            if not keep_replaced:
                await self._db[REPLACED + name].drop()
