"""MongoDB queries of individual registration lists (one document per unit and round)."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.errors import Conflict
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_append, outbox_entry, outbox_fields


class ListChangedConcurrently(Exception):
    """Another submission of the same list was stored first."""


class IndividualListRepository:
    """A unit's list for a round (people, or a form's rows); each submission replaces it, with its event."""

    def __init__(self, db: AsyncDatabase[Document], collection: str = "individual_lists") -> None:
        self._lists = db[collection]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._lists

    async def get(self, list_id: str) -> Document | None:
        """One list (without its outbox)."""
        return await self._lists.find_one({"_id": list_id}, {"_outbox": 0})

    async def find(self, query: Document) -> list[Document]:
        """Lists matching a query (without their outbox)."""
        return await self._lists.find(query, {"_outbox": 0}).to_list(None)

    async def replace_list(self, list_id: str, fields: Document, version: int, event: Envelope) -> Document:
        """Store the new version and return it; a concurrent submission is a 409 the officer can retry."""
        try:
            await self.save(list_id, fields, version, event)
        except ListChangedConcurrently:
            raise Conflict(
                "CONCURRENT_CHANGE", "Danh sách vừa được gửi từ một nơi khác; hãy tải lại và thử lại."
            ) from None
        stored = await self.get(list_id)
        assert stored is not None
        return stored

    async def save(self, list_id: str, fields: Document, version: int, event: Envelope) -> None:
        """Store version 1 with an insert, later versions with a compare-and-set on the version."""
        entry = outbox_entry(event)
        if version == 1:
            try:
                await self._lists.insert_one(
                    {"_id": list_id, **fields, "version": 1, **outbox_fields([entry])}
                )
            except DuplicateKeyError as exc:
                raise ListChangedConcurrently from exc
            return
        update = outbox_append([entry])
        update["$set"].update({**fields, "version": version})
        result = await self._lists.update_one({"_id": list_id, "version": version - 1}, update)
        if result.modified_count != 1:
            raise ListChangedConcurrently
