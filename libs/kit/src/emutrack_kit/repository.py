"""The base of every MongoDB repository: its collection, reads without the outbox, pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.auth import Reach
from emutrack_kit.mongo import Document

T = TypeVar("T")
WITHOUT_OUTBOX: Document = {"_outbox": 0}
Sort = Sequence[tuple[str, int]]


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a search and how many match in all."""

    items: list[T]
    total: int


class Repository:
    """A repository over one collection of the service's database (named by the subclass)."""

    collection_name: ClassVar[str]

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.collection: AsyncCollection[Document] = db[self.collection_name]

    async def document(self, key: str) -> Document | None:
        """One document by id, without its outbox."""
        return await self.collection.find_one({"_id": key}, WITHOUT_OUTBOX)

    async def page(self, query: Document, sort: Sort, limit: int, skip: int) -> Page[Document]:
        """A page of the documents matching `query` (without their outbox), and the total count."""
        items = await self.collection.find(query, WITHOUT_OUTBOX).sort(list(sort)).skip(skip).to_list(limit)
        return Page(items, await self.collection.count_documents(query))


def reach_query(reach: Reach, path_field: str = "unit_path", unit_field: str = "unit_id") -> Document:
    """The documents within a caller's reach: under a subtree it holds, or of a unit it holds."""
    either: list[Document] = []
    if reach.subtrees:
        either.append({path_field: {"$in": list(reach.subtrees)}})
    if reach.units:
        either.append({unit_field: {"$in": list(reach.units)}})
    return {"$or": either} if either else {"_id": {"$exists": False}}
