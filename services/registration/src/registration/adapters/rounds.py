"""MongoDB queries of rounds and their deadlines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_append, outbox_entry, outbox_fields
from registration.domain.rounds import Extension, Round


def as_datetime(value: date | None) -> datetime | None:
    """A date as the midnight datetime MongoDB stores."""
    return None if value is None else datetime.combine(value, time())


def as_date(value: datetime | None) -> date | None:
    """A stored midnight datetime back to a date."""
    return None if value is None else value.date()


class RoundRepository:
    """Rounds and their deadlines."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._rounds = db["rounds"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._rounds

    async def get(self, round_id: str) -> Round | None:
        """One round, or None."""
        doc = await self._rounds.find_one({"_id": round_id})
        return None if doc is None else _round(doc)

    async def list(self) -> list[Round]:
        """Every round, newest year first."""
        docs = await self._rounds.find({}).sort([("year", -1), ("_id", 1)]).to_list(None)
        return [_round(d) for d in docs]

    async def list_for(
        self, *, year: int | None, receiving_unit_ids: Sequence[str] | None
    ) -> Sequence[Round]:
        """Rounds of a year and/or received by some units, newest year first."""
        query: Document = {}
        if year is not None:
            query["year"] = year
        if receiving_unit_ids is not None:
            query["receiving_unit_id"] = {"$in": list(receiving_unit_ids)}
        docs = await self._rounds.find(query).sort([("year", -1), ("_id", 1)]).to_list(None)
        return [_round(d) for d in docs]

    async def create(self, round_: Round, event: Envelope, request_hash: str) -> None:
        """Insert a new round with its `round.opened` event; DuplicateRound if the id is taken."""
        doc = {"_id": round_.round_id, **_round_fields(round_), "request_hash": request_hash}
        try:
            await self._rounds.insert_one({**doc, **outbox_fields([outbox_entry(event)])})
        except DuplicateKeyError as exc:
            raise DuplicateRound(round_.round_id) from exc

    async def request_hash(self, round_id: str) -> str | None:
        """The digest of the request that created a round over HTTP (None for seeded rounds)."""
        doc = await self._rounds.find_one({"_id": round_id}, {"request_hash": 1})
        return None if doc is None else doc.get("request_hash")

    async def move_deadline(self, round_: Round, previous: datetime, event: Envelope) -> bool:
        """Set a new deadline if nobody moved it meanwhile; the re-published `round.opened` rides along."""
        update = outbox_append([outbox_entry(event)])
        update["$set"]["deadline"] = round_.deadline
        result = await self._rounds.update_one({"_id": round_.round_id, "deadline": previous}, update)
        return result.modified_count == 1

    async def open_if_new(self, round_: Round, event: Envelope) -> bool:
        """Insert the round with its `round.opened` event; False (and nothing written) if it exists."""
        try:
            await self._rounds.insert_one(
                {"_id": round_.round_id, **_round_fields(round_), **outbox_fields([outbox_entry(event)])}
            )
        except DuplicateKeyError:
            return False
        return True

    async def extend(self, round_id: str, extension: Extension, event: Envelope) -> None:
        """Give one unit its own later deadline (one key per unit: extensions of others never collide)."""
        update = outbox_append([outbox_entry(event)])
        update["$set"][f"extensions.{extension.unit_id}"] = {
            "unit_name": extension.unit_name,
            "deadline": extension.deadline,
            "reason": extension.reason,
            "granted_by": extension.granted_by,
            "granted_at": extension.granted_at,
        }
        await self._rounds.update_one({"_id": round_id}, update)


class DuplicateRound(Exception):
    """A round with this id exists."""


def _round_fields(round_: Round) -> Document:
    return {
        "name": round_.name,
        "kind": round_.kind,
        "year": round_.year,
        "receiving_unit_id": round_.receiving_unit_id,
        "receiving_unit_name": round_.receiving_unit_name,
        "opened_on": as_datetime(round_.opened_on),
        "deadline": round_.deadline,
        "movement_id": round_.movement_id,
        "award_kind": round_.award_kind,
        "period_from_year": round_.period_from_year,
        "period_to_year": round_.period_to_year,
    }


def _round(doc: Document) -> Round:
    return Round(
        round_id=doc["_id"],
        name=doc["name"],
        kind=doc["kind"],
        year=doc["year"],
        receiving_unit_id=doc["receiving_unit_id"],
        receiving_unit_name=doc["receiving_unit_name"],
        opened_on=doc["opened_on"].date(),
        deadline=doc["deadline"],
        movement_id=doc.get("movement_id"),
        award_kind=doc.get("award_kind"),
        period_from_year=doc.get("period_from_year"),
        period_to_year=doc.get("period_to_year"),
        extensions=tuple(
            Extension(unit_id, e["unit_name"], e["deadline"], e["reason"], e["granted_by"], e["granted_at"])
            for unit_id, e in sorted(doc.get("extensions", {}).items())
        ),
    )
