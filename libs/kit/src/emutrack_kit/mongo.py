"""MongoDB access through PyMongo's async API (works with MongoDB and FerretDB)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

Document = dict[str, Any]


def make_client(url: str) -> AsyncMongoClient[Document]:
    """A client with timezone-aware datetimes; retryable writes off (FerretDB has no sessions)."""
    return AsyncMongoClient(
        url,
        tz_aware=True,
        uuidRepresentation="standard",
        retryWrites=False,
        serverSelectionTimeoutMS=10_000,
    )


def database(client: AsyncMongoClient[Document], prefix: str, service: str) -> AsyncDatabase[Document]:
    """The service's own database, e.g. `emt_reporting`."""
    return client[f"{prefix}{service}"]


def is_duplicate_key(exc: BaseException) -> bool:
    """True for a unique-index violation, also as FerretDB reports it on updates.

    FerretDB 1.24 answers a unique violation during `update` with code 1 (InternalError)
    and SQLite's "UNIQUE constraint failed" text instead of MongoDB's code 11000.
    """
    if isinstance(exc, DuplicateKeyError):
        return True
    return isinstance(exc, OperationFailure) and "UNIQUE constraint failed" in str(exc)


async def insert_new(
    collection: AsyncCollection[Document], docs: Sequence[Document], chunk: int = 500
) -> list[Document]:
    """Insert documents in bulk, skipping those whose `_id` exists; returns the ones inserted now."""
    inserted: list[Document] = []
    for start in range(0, len(docs), chunk):
        part = docs[start : start + chunk]
        try:
            await collection.insert_many(part, ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(e.get("code") != 11000 for e in errors):
                raise
            existing = {e["index"] for e in errors}
            part = [d for i, d in enumerate(part) if i not in existing]
        inserted.extend(part)
    return inserted
