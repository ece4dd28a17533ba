"""The unit of work: a use case stages its writes, each one document with the events it causes, then commits.

MongoDB-compatible servers without transactions (FerretDB) write one document atomically, so the
outbox rides on the document (ADR 0002): a staged write carries its events and the commit puts
them in the same single-document write. Writes are applied in the order staged; a use case that
changes several documents orders them so a crash between two leaves a state the next attempt
completes (each write is idempotent or guarded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document, is_duplicate_key
from emutrack_kit.outbox import outbox_append, outbox_entry, outbox_fields


class Duplicate(Exception):
    """A document with this id (or unique key) exists: the one duplicate error of every repository."""

    def __init__(self, collection: str, key: Any) -> None:
        super().__init__(f"{collection}: {key} exists")
        self.collection = collection
        self.key = key


class StaleWrite(Exception):
    """A guarded write found the document changed since it was read (or gone)."""

    def __init__(self, collection: str, key: Any) -> None:
        super().__init__(f"{collection}: {key} changed meanwhile")
        self.collection = collection
        self.key = key


@dataclass(frozen=True)
class _Insert:
    collection: AsyncCollection[Document]
    document: Document
    events: Sequence[Envelope]


@dataclass(frozen=True)
class _Update:
    collection: AsyncCollection[Document]
    filter: Document
    update: Document
    events: Sequence[Envelope]
    guarded: bool
    upsert: bool


@dataclass
class UnitOfWork:
    """The writes one use case stages, applied by `commit` in order, each with its events."""

    _writes: list[_Insert | _Update] = field(default_factory=list)

    def insert(
        self, collection: AsyncCollection[Document], document: Document, events: Sequence[Envelope] = ()
    ) -> None:
        """Stage a new document (with its events); `Duplicate` at commit if its id exists."""
        self._writes.append(_Insert(collection, document, tuple(events)))

    def update(
        self,
        collection: AsyncCollection[Document],
        filter: Document,
        update: Document,
        events: Sequence[Envelope] = (),
        *,
        guarded: bool = True,
        upsert: bool = False,
    ) -> None:
        """Stage a change of one document (with its events); `StaleWrite` at commit if a guard fails."""
        self._writes.append(_Update(collection, filter, update, tuple(events), guarded, upsert))

    @property
    def events(self) -> list[Envelope]:
        """Every event staged, in order."""
        return [e for w in self._writes for e in w.events]

    async def commit(self) -> list[bool]:
        """Apply the staged writes in order; per write, whether it changed a document.

        The first write that fails stops the commit with its error (`Duplicate`, `StaleWrite`).
        """
        writes, self._writes = self._writes, []
        return [await (_insert(w) if isinstance(w, _Insert) else _update(w)) for w in writes]


async def _insert(write: _Insert) -> bool:
    document = write.document
    if write.events:
        document = {**document, **outbox_fields([outbox_entry(e) for e in write.events])}
    try:
        await write.collection.insert_one(document)
    except DuplicateKeyError as exc:
        raise Duplicate(write.collection.name, document.get("_id")) from exc
    return True


async def _update(write: _Update) -> bool:
    update = write.update
    if write.events:
        update = with_outbox(update, write.events)
    try:
        result = await write.collection.update_one(write.filter, update, upsert=write.upsert)
    except Exception as exc:
        if is_duplicate_key(exc):
            raise Duplicate(write.collection.name, write.filter.get("_id")) from exc
        raise
    changed = result.matched_count > 0 or result.upserted_id is not None
    if write.guarded and not changed:
        raise StaleWrite(write.collection.name, write.filter.get("_id"))
    return changed


def with_outbox(update: Document, events: Sequence[Envelope]) -> Document:
    """An update document that also appends `events` to the document's outbox."""
    merged: dict[str, dict[str, Any]] = {op: dict(fields) for op, fields in update.items()}
    for op, fields in outbox_append([outbox_entry(e) for e in events]).items():
        merged.setdefault(op, {}).update(fields)
    return merged
