"""What the repositories share: documents mapped to one kind of record, read one by one or by pages."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import date, datetime, time
from typing import Generic, TypeVar

from emutrack_kit.mongo import Document
from emutrack_kit.repository import Page, Repository, Sort
from emutrack_kit.text import fold
from registration.domain.history import HistoryEntry
from registration.domain.listing import ListFilter

T = TypeVar("T")


def as_datetime(value: date | None) -> datetime | None:
    """A date as the midnight datetime MongoDB stores (it has no bare dates)."""
    return None if value is None else datetime.combine(value, time())


def as_date(value: datetime | None) -> date | None:
    """A stored midnight datetime back to a date."""
    return None if value is None else value.date()


def present(**fields: object) -> Document:
    """The fields given a value: a list's optional filters, as query equalities."""
    return {name: value for name, value in fields.items() if value is not None}


def every_word(field: str, q: str | None) -> Document:
    """Documents whose folded `field` holds every word of `q`, anywhere, in any order (no `q`: all)."""
    words = fold(q).split() if q else []
    return {"$and": [{field: {"$regex": re.escape(word)}} for word in words]} if words else {}


def filtered(wanted: ListFilter, **more: object) -> Document:
    """A list's filters as query equalities (`unit_id`: the unit's whole subtree), `q` left to the caller."""
    return present(
        round_id=wanted.round_id, year=wanted.year, unit_path=wanted.unit_id, status=wanted.status, **more
    )


class Records(Repository, ABC, Generic[T]):
    """A repository whose documents are one kind of domain record."""

    @abstractmethod
    def record(self, doc: Document) -> T:
        """The record a stored document holds."""

    async def get(self, key: str) -> T | None:
        """One record by id, or None."""
        doc = await self.document(key)
        return None if doc is None else self.record(doc)

    async def created_by(self, key: str) -> tuple[T, str | None] | None:
        """A record and the digest of the request that created it (an Idempotency-Key's replay)."""
        doc = await self.document(key)
        return None if doc is None else (self.record(doc), doc.get("request_hash"))

    async def records(self, query: Document, sort: Sort, limit: int, skip: int) -> Page[T]:
        """A page of the records matching `query`, and how many match in all."""
        page = await self.page(query, sort, limit, skip)
        return Page([self.record(d) for d in page.items], page.total)


def history_of(doc: Document) -> tuple[HistoryEntry, ...]:
    """The statuses a stored record passed through."""
    return tuple(HistoryEntry(**entry) for entry in doc.get("history", []))


def entry_document(entry: HistoryEntry) -> Document:
    """A history entry as stored (a level only on review's steps)."""
    stored: Document = {"status": entry.status, "at": entry.at, "by": entry.by, "reason": entry.reason}
    return stored if entry.level_unit_id is None else {**stored, "level_unit_id": entry.level_unit_id}
