"""MongoDB queries of nominations at each level; each step is written with its event (outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from emutrack_contracts import Envelope
from emutrack_kit.auth import Reach
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Page, Repository, reach_query
from emutrack_kit.text import fold
from emutrack_kit.unit_of_work import UnitOfWork
from review.adapters.nomination_documents import PARTS, dossier_fields, new_document, record_of, step_document
from review.domain.nomination_parts import AppraisalRecord
from review.domain.nomination_record import NominationRecord
from review.domain.nominations import NominationFilter, quota_unit, subject_key
from review.domain.quotas import RoundNomination

_HIDDEN: Document = {"_outbox": 0, "seen_events": 0}
_OUT_OF_PLAY = ["returned", "not_passed", "decided"]
_ROUND_FIELDS: Document = {
    f: 1
    for f in (
        "subject_kind",
        "subject_unit_id",
        "subject_name",
        "proposing_unit_id",
        "award_code",
        "year",
        "received_at",
    )
}


class NominationRepository(Repository):
    """Nominations keyed `<dossier>@<level>`; `seen_events` makes event handling idempotent."""

    collection_name = "nominations"

    async def ensure_indexes(self) -> None:
        """A level's inbox and the nominations competing for an award (used by MongoDB; FerretDB scans)."""
        await self.collection.create_index(
            [("level_unit_id", 1), ("year", 1), ("award_code", 1), ("status", 1)], name="level_year_award"
        )

    async def get(self, nomination_id: str) -> NominationRecord | None:
        """One nomination, or None."""
        doc = await self.document(nomination_id)
        return None if doc is None else record_of(doc)

    def stage_arrival(
        self, uow: UnitOfWork, record: NominationRecord, event: Envelope, seen_event: str | None = None
    ) -> None:
        """Stage a nomination arriving at its level (`Duplicate` at commit if it is already there)."""
        seen = [] if seen_event is None else [seen_event]
        uow.insert(self.collection, new_document(record, seen), [event])

    def stage_resubmission(
        self, uow: UnitOfWork, record: NominationRecord, event_id: str, event: Envelope
    ) -> None:
        """Stage a returned nomination re-opened with its resubmitted dossier, once per event."""
        update: Document = {
            "$set": {**dossier_fields(record), "status": record.status},
            "$push": {"seen_events": event_id, "history": step_document(record.history[-1])},
        }
        guard = {"_id": record.nomination_id, "status": "returned", "seen_events": {"$ne": event_id}}
        uow.update(self.collection, guard, update, [event], guarded=False)

    def stage_step(
        self,
        uow: UnitOfWork,
        after: NominationRecord,
        expected: str,
        event: Envelope,
        parts: Sequence[str] = (),
        *,
        guarded: bool = True,
    ) -> None:
        """Stage the nomination's move to `after`: its status, last history entry and `parts`.

        Written only if its status is still `expected`; `StaleWrite` at commit otherwise (if `guarded`).
        """
        update: Document = {
            "$set": {**{p: PARTS[p](after) for p in parts}, "status": after.status},
            "$push": {"history": step_document(after.history[-1])},
        }
        guard = {"_id": after.nomination_id, "status": expected}
        uow.update(self.collection, guard, update, [event], guarded=guarded)

    async def record_appraisal(self, nomination_id: str, appraisal: AppraisalRecord) -> bool:
        """Keep the latest appraisal of a nomination still received; False if it moved on."""
        result = await self.collection.update_one(
            {"_id": nomination_id, "status": "received"}, {"$set": {"appraisal": appraisal.public()}}
        )
        return result.matched_count == 1

    async def received_at(
        self, level_unit_id: str, year: int, award_code: str | None
    ) -> list[NominationRecord]:
        """The nominations waiting for appraisal at a level in a year (of one award, or all), oldest first."""
        query: Document = {"level_unit_id": level_unit_id, "year": year, "status": "received"}
        if award_code:
            query["award_code"] = award_code
        docs = await self.collection.find(query, _HIDDEN).to_list(None)
        return [record_of(d) for d in sorted(docs, key=lambda d: (d["received_at"], d["_id"]))]

    async def awaiting_central(self, level_unit_id: str) -> list[NominationRecord]:
        """Nominations the level sent above the city and still waiting for their outcome, oldest first."""
        query: Document = {"level_unit_id": level_unit_id, "status": "forwarded"}
        query["export_package.nomination_id"] = {"$exists": True}
        docs = await self.collection.find(query, _HIDDEN).to_list(None)
        return [record_of(d) for d in sorted(docs, key=lambda d: (d["received_at"], d["_id"]))]

    async def under_comment(self, day: date) -> list[NominationRecord]:
        """Voted nominations whose public-comment period still runs on `day` (published by then)."""
        query: Document = {"status": "voted", "public_comment.ends_on": {"$gte": day.isoformat()}}
        docs = await self.collection.find(query, _HIDDEN).to_list(None)
        found = [record_of(d) for d in docs]
        return [r for r in found if r.public_comment is not None and r.public_comment.published_on <= day]

    async def competing(self, level_unit_id: str, award_code: str, year: int) -> list[RoundNomination]:
        """Nominations for an award in a year at a level still in play (not returned, failed or decided)."""
        query = {
            "level_unit_id": level_unit_id,
            "award_code": award_code,
            "year": year,
            "status": {"$nin": _OUT_OF_PLAY},
        }
        return [_in_round(d) for d in await self.collection.find(query, _ROUND_FIELDS).to_list(None)]

    async def search(
        self, reach: Reach, narrowed: NominationFilter, limit: int, skip: int
    ) -> Page[NominationRecord]:
        """A page of the nominations within reach (received by its levels, or of its units), oldest first."""
        query = _within(reach)
        fields = {
            "year": narrowed.year,
            "round_id": narrowed.round_id,
            "level_unit_id": narrowed.level_unit_id,
            "status": narrowed.status,
            "award_code": narrowed.award_code,
            "proposing_unit_id": narrowed.proposing_unit_id,
        }
        query.update({k: v for k, v in fields.items() if v is not None})
        if narrowed.q:
            words = [word for word in fold(narrowed.q).split() if word.isalnum()]
            query["$and"] = [{"subject_name_folded": {"$regex": word}} for word in words]
        page = await self.page(query, [("received_at", 1), ("_id", 1)], limit, skip)
        return Page([record_of(d) for d in page.items], page.total)


def _in_round(doc: Document) -> RoundNomination:
    key = subject_key(
        doc["subject_kind"], doc.get("subject_unit_id"), doc["proposing_unit_id"], doc["subject_name"]
    )
    unit = quota_unit(doc["subject_kind"], key, doc["proposing_unit_id"])
    return RoundNomination(doc["_id"], key, unit, doc["award_code"], doc["year"], doc["received_at"])


def _within(reach: Reach) -> Document:
    """Received by a level of the caller's subtrees, or for a unit under them, or of a unit it holds."""
    levels = reach_query(Reach(reach.subtrees, ()), path_field="level_path")
    units = reach_query(reach, path_field="unit_path", unit_field="proposing_unit_id")
    either = [*levels.get("$or", []), *units.get("$or", [])]
    return {"$or": either} if either else {"_id": {"$exists": False}}
