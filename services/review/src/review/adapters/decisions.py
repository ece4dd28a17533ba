"""MongoDB queries of decisions, awardees' history, and the quota inputs appraisals froze."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Page, Repository
from emutrack_kit.unit_of_work import UnitOfWork
from review.domain.decision_record import IssuedDecision
from review.domain.decisions import Awardee, Decision
from review.domain.history import AwardRecord, DecidedAward
from review.domain.integrity import JsonObject


class DecisionRepository(Repository):
    """Decisions (`_id` = level|number: a number is issued once per level), each with its event."""

    collection_name = "decisions"

    def stage_new(self, uow: UnitOfWork, issued: IssuedDecision, event: Envelope) -> None:
        """Stage the decision with its `decision.issued` event; `Duplicate` if its number is used."""
        uow.insert(self.collection, {"_id": issued.decision_id, **issued.public()}, [event])

    async def get(self, decision_id: str) -> IssuedDecision | None:
        """One decision, or None."""
        doc = await self.document(decision_id)
        return None if doc is None else _issued(doc)

    async def published(
        self, level_unit_id: str | None, year: int | None, limit: int, skip: int
    ) -> Page[IssuedDecision]:
        """A page of decisions, the latest signed first (of a level, of a year)."""
        query: Document = {}
        if level_unit_id:
            query["level_unit_id"] = level_unit_id
        if year:
            query["signed_on"] = {"$gte": f"{year}-01-01", "$lte": f"{year}-12-31"}
        page = await self.page(query, [("signed_on", -1), ("_id", 1)], limit, skip)
        return Page([_issued(d) for d in page.items], page.total)


def _issued(doc: Document) -> IssuedDecision:
    awardees = tuple(
        Awardee(
            a["nomination_id"], a["subject_kind"], a["subject_id"], a["subject_name"], a["proposing_unit_id"]
        )
        for a in doc["awardees"]
    )
    decision = Decision(
        doc["number"], date.fromisoformat(doc["signed_on"]), doc["signer_id"], doc["level_unit_id"],
        doc["award_code"], awardees, tuple(doc["ballot_ids"]),
    )  # fmt: skip
    years = {a["nomination_id"]: a.get("year") for a in doc["awardees"]}
    return IssuedDecision(
        doc["_id"],
        decision,
        doc["award_name"],
        years,
        doc["content_hash"],
        tuple(doc.get("level_path", ())),
        doc.get("central_body"),
    )


class AwardHistory(Repository):
    """Awards decided by review: each subject's record, and who holds what per unit and year.

    `award_history`: `_id` = subject key, `records` = the decided awards (read by appraisals).
    `award_holders`: `_id` = "<unit>|<year>|<code>", `subjects` = who holds it (read by quotas);
    "*" as the unit counts city-wide, kept only for the awards a yearly cap applies to (a city-wide
    list of every Lao động tiên tiến would be one ever-growing document). Every write is
    `$addToSet`, so a replay changes nothing.
    """

    collection_name = "award_history"

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        super().__init__(db)
        self._holders = db["award_holders"]

    async def record(self, awards: Sequence[DecidedAward], city_wide: frozenset[str] = frozenset()) -> None:
        """Add the awardees' records; `city_wide`: the codes also counted for the whole city ("*")."""
        for award in awards:
            record = {
                "code": award.code, "year": award.year, "decision_id": award.decision_id,
                "decision_number": award.decision_number, "level": award.level,
            }  # fmt: skip
            await self.collection.update_one(
                {"_id": award.subject_key},
                {"$set": {"kind": award.kind}, "$addToSet": {"records": record}},
                upsert=True,
            )
            for scope in [award.unit_id, *(["*"] if award.code in city_wide else [])]:
                await self._holders.update_one(
                    {"_id": f"{scope}|{award.year}|{award.code}"},
                    {"$addToSet": {"subjects": award.subject_key}},
                    upsert=True,
                )

    async def of_subject(self, subject_key: str) -> list[AwardRecord]:
        """The awards decided for one subject, in no particular order."""
        doc = await self.collection.find_one({"_id": subject_key})
        records = doc["records"] if doc else []
        return [AwardRecord(r["code"], r["year"], r["decision_number"], r["level"]) for r in records]

    async def holders(self, scope: str, year: int, codes: Iterable[str]) -> dict[str, int]:
        """How many subjects of a unit ("*": the whole city) hold each of the codes in a year (if any)."""
        counts: dict[str, int] = {}
        for code in sorted(set(codes)):
            doc = await self._holders.find_one({"_id": f"{scope}|{year}|{code}"})
            if doc is not None:
                counts[code] = len(doc["subjects"])
        return counts


class QuotaSnapshots(Repository):
    """The inputs of round quotas (`_id` = their content hash), shared by the appraisals that used them."""

    collection_name = "quota_snapshots"

    async def keep(self, snapshot_id: str, data: JsonObject) -> None:
        """Store a snapshot once (the same inputs hash to the same id)."""
        await self.collection.update_one({"_id": snapshot_id}, {"$setOnInsert": dict(data)}, upsert=True)

    async def get(self, snapshot_id: str) -> JsonObject | None:
        """A snapshot's data (without its id), or None."""
        doc = await self.collection.find_one({"_id": snapshot_id})
        return None if doc is None else {k: v for k, v in doc.items() if k != "_id"}
