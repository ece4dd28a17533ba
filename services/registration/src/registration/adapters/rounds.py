"""MongoDB queries of rounds and their deadlines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.unit_of_work import UnitOfWork
from registration.adapters.records import Records, as_datetime, present
from registration.domain.rounds import Extension, Round


class RoundRepository(Records[Round]):
    """Rounds and their deadlines; each change carries its `round.*` event in the same write."""

    collection_name = "rounds"

    def record(self, doc: Document) -> Round:
        """A stored round."""
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
                Extension(
                    unit_id, e["unit_name"], e["deadline"], e["reason"], e["granted_by"], e["granted_at"]
                )
                for unit_id, e in sorted(doc.get("extensions", {}).items())
            ),
        )

    async def list_for(self, *, year: int | None, receiving_unit_ids: Sequence[str] | None) -> list[Round]:
        """Rounds of a year and/or received by some units, newest year first."""
        query = present(year=year)
        if receiving_unit_ids is not None:
            query["receiving_unit_id"] = {"$in": list(receiving_unit_ids)}
        docs = await self.collection.find(query).sort([("year", -1), ("_id", 1)]).to_list(None)
        return [self.record(d) for d in docs]

    def add(self, uow: UnitOfWork, round_: Round, event: Envelope, digest: str | None = None) -> None:
        """Stage a new round with its `round.opened` event (`Duplicate` at commit if its id is taken).

        `digest`: of the request that opened it over HTTP (seeded rounds have none).
        """
        doc = {"_id": round_.round_id, **_fields(round_)}
        uow.insert(self.collection, doc if digest is None else {**doc, "request_hash": digest}, [event])

    def move_deadline(self, uow: UnitOfWork, round_: Round, previous: datetime, event: Envelope) -> None:
        """Stage a new deadline if nobody moved it meanwhile (else `StaleWrite`), with `round.opened`."""
        uow.update(
            self.collection,
            {"_id": round_.round_id, "deadline": previous},
            {"$set": {"deadline": round_.deadline}},
            [event],
        )

    def extend(self, uow: UnitOfWork, round_id: str, extension: Extension, event: Envelope) -> None:
        """Stage one unit's own later deadline (one key per unit: extensions of others never collide)."""
        stored = {
            "unit_name": extension.unit_name,
            "deadline": extension.deadline,
            "reason": extension.reason,
            "granted_by": extension.granted_by,
            "granted_at": extension.granted_at,
        }
        uow.update(
            self.collection,
            {"_id": round_id},
            {"$set": {f"extensions.{extension.unit_id}": stored}},
            [event],
            guarded=False,
        )


def _fields(round_: Round) -> Document:
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
