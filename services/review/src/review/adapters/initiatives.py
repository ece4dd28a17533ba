"""MongoDB queries of initiatives before the councils: one document per initiative, its outbox on it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.repository import WITHOUT_OUTBOX, Page, Repository
from emutrack_kit.unit_of_work import UnitOfWork
from review.domain.history import InitiativeRecord
from review.domain.initiatives import Author, Decision, InitiativeCase, Score


class InitiativeRepository(Repository):
    """Initiatives proposed to a level's council, keyed by registration's submission id.

    Recognitions are also kept per person (`initiative_recognitions`, `_id` = subject key), so an
    appraisal finds a person's by `_id` (ADR 0011) instead of scanning every initiative's authors.
    """

    collection_name = "initiatives"

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        super().__init__(db)
        self._recognitions = db["initiative_recognitions"]

    async def ensure_indexes(self) -> None:
        """A level's list."""
        await self.collection.create_index([("level_unit_id", 1), ("year", 1)])

    async def receive(self, case: InitiativeCase) -> bool:
        """Keep a newly proposed initiative; False if it was already received (a redelivery)."""
        try:
            await self.collection.insert_one(_document(case))
        except DuplicateKeyError:
            return False
        return True

    async def withdraw(self, submission_id: str) -> None:
        """The unit withdrew it: off the council's list unless already decided."""
        await self.collection.update_one(
            {"_id": submission_id, "status": "submitted"}, {"$set": {"status": "withdrawn"}}
        )

    async def get(self, submission_id: str) -> InitiativeCase | None:
        """One initiative, or None."""
        doc = await self.document(submission_id)
        return None if doc is None else case_of(doc)

    async def at_level(
        self, level_unit_id: str, year: int | None, status: str | None, limit: int, skip: int
    ) -> Page[InitiativeCase]:
        """A page of the initiatives before a level's council, oldest first."""
        query: Document = {"level_unit_id": level_unit_id}
        if year is not None:
            query["year"] = year
        if status is not None:
            query["status"] = status
        page = await self.page(query, [("submitted_at", 1), ("_id", 1)], limit, skip)
        return Page([case_of(d) for d in page.items], page.total)

    def stage_scores(self, uow: UnitOfWork, case: InitiativeCase) -> None:
        """Stage the members' marks, written only while the initiative is still before the council."""
        scores = [_score_doc(s) for s in case.scores]
        uow.update(
            self.collection, {"_id": case.submission_id, "status": "submitted"}, {"$set": {"scores": scores}}
        )

    def stage_decision(self, uow: UnitOfWork, case: InitiativeCase, event: Envelope) -> None:
        """Stage the chair's decision and its event (only if nobody decided meanwhile), then the authors'."""
        assert case.decision is not None
        fields = {"status": case.status, "decision": _decision_doc(case.decision)}
        uow.update(
            self.collection, {"_id": case.submission_id, "status": "submitted"}, {"$set": fields}, [event]
        )
        self.stage_recognitions(uow, case)

    def stage_recognitions(self, uow: UnitOfWork, case: InitiativeCase) -> None:
        """Stage the recognition in each author's record (again: nothing changes; a crash is finished)."""
        record = case.recognition()
        if record is None:
            return
        entry = {
            "submission_id": case.submission_id,
            "year": record.year,
            "level": record.level,
            "title": record.title,
        }
        for key in case.author_keys():
            uow.update(
                self._recognitions,
                {"_id": key},
                {"$addToSet": {"records": entry}},
                guarded=False,
                upsert=True,
            )

    async def recognised_for(
        self, subject_keys: Iterable[str], submission_ids: Iterable[str] = ()
    ) -> list[InitiativeRecord]:
        """The initiatives recognised for any of these people, or among these ids, oldest first."""
        found: dict[str, InitiativeRecord] = {}
        people = await self._recognitions.find({"_id": {"$in": list(subject_keys)}}).to_list(None)
        for person in people:
            for r in person.get("records") or ():
                found[r["submission_id"]] = InitiativeRecord(r["year"], r["level"], r["title"])
        if ids := [i for i in submission_ids if i not in found]:
            for doc in await self.collection.find({"_id": {"$in": ids}}, WITHOUT_OUTBOX).to_list(None):
                if (record := case_of(doc).recognition()) is not None:
                    found[doc["_id"]] = record
        return sorted(found.values(), key=lambda r: (r.year, r.title))


def _document(case: InitiativeCase) -> Document:
    doc = {k: v for k, v in asdict(case).items() if k not in ("submission_id", "scores", "decision")}
    doc["applied_since"] = case.applied_since.isoformat()
    return {**doc, "_id": case.submission_id, "scores": []}


def _score_doc(score: Score) -> Document:
    return {**asdict(score), "marks": dict(score.marks)}


def _decision_doc(decision: Decision) -> Document:
    return {
        **asdict(decision),
        "signed_on": decision.signed_on.isoformat(),
        "reasons": list(decision.reasons),
    }


def case_of(doc: Document) -> InitiativeCase:
    """An initiative from its stored document."""
    decision: dict[str, Any] | None = doc.get("decision")
    return InitiativeCase(
        submission_id=doc["_id"], round_id=doc["round_id"], year=doc["year"], unit_id=doc["unit_id"],
        unit_name=doc["unit_name"], unit_path=tuple(doc["unit_path"]), level_unit_id=doc["level_unit_id"],
        title=doc["title"], field=doc["field"], authors=tuple(Author(**a) for a in doc["authors"]),
        claimed_scope=doc["claimed_scope"], applied_since=date.fromisoformat(doc["applied_since"]),
        summary=doc["summary"], benefits=doc["benefits"], submitted_at=doc["submitted_at"],
        status=doc["status"],
        scores=tuple(Score(**s) for s in doc.get("scores") or ()),
        decision=None if not decision else _decision(decision),
    )  # fmt: skip


def _decision(doc: dict[str, Any]) -> Decision:
    return Decision(
        recognised=doc["recognised"], scope=doc.get("scope"), decision_number=doc.get("decision_number"),
        signed_on=date.fromisoformat(doc["signed_on"]), reasons=tuple(doc.get("reasons") or ()),
        by=doc["by"], at=doc["at"],
    )  # fmt: skip
