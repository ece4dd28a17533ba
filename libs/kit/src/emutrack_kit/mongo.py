"""MongoDB access through PyMongo's async API (works with MongoDB and FerretDB)."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, OperationFailure

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
