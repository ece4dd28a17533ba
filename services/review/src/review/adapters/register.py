"""MongoDB queries of the evaluation register: registrations and each unit's latest lists of people."""

from __future__ import annotations

from dataclasses import asdict

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_kit.auth import Reach
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository, reach_query
from emutrack_kit.text import fold
from review.domain.evaluation import ListedPerson, PeopleList, RegisterEntry, RegistrationChange


class EvaluationRegister(Repository):
    """Subjects registered for year-end evaluation, one entry per registration event."""

    collection_name = "evaluation_register"

    async def ensure_indexes(self) -> None:
        """Query by year and subtree."""
        await self.collection.create_index([("year", 1), ("unit_path", 1)])

    async def add(self, event_id: str, entry: RegisterEntry) -> bool:
        """Record the entry keyed by event id; False if it was already recorded."""
        try:
            await self.collection.insert_one({"_id": event_id, **asdict(entry)})
        except DuplicateKeyError:
            return False
        return True

    async def follow(self, change: RegistrationChange) -> None:
        """Apply a later status or title of a registration (older or repeated changes do nothing)."""
        fields = {"status": change.status, "title_code": change.title_code, "title_name": change.title_name}
        await self.collection.update_many(
            {"registration_id": change.registration_id, "changed_at": {"$lt": change.changed_at}},
            {"$set": {**fields, "changed_at": change.changed_at}},
        )

    async def within(self, reach: Reach, year: int, limit: int, skip: int) -> list[RegisterEntry]:
        """A page of the entries of a year within reach, withdrawals left out."""
        query = {"year": year, **reach_query(reach), "status": {"$ne": "withdrawn"}}
        page = await self.page(query, [("unit_id", 1), ("title_code", 1)], limit, skip)
        return [_entry(d) for d in page.items]

    async def is_registered(self, unit_id: str, year: int) -> bool:
        """True if the unit holds an active collective registration for the year."""
        query = {"unit_id": unit_id, "year": year, "status": {"$ne": "withdrawn"}}
        return await self.collection.count_documents(query, limit=1) > 0


def _entry(doc: Document) -> RegisterEntry:
    fields = {k: v for k, v in doc.items() if k in RegisterEntry.__dataclass_fields__}
    return RegisterEntry(**{**fields, "unit_path": tuple(doc["unit_path"])})


class RegisteredPeople(Repository):
    """Each unit's latest list of people registered for individual titles."""

    collection_name = "registered_people"

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        super().__init__(db)
        self._by_unit = db["registered_people_by_unit"]  # `_id` = "<unit>|<year>": the unit's list ids

    async def replace(self, listed: PeopleList) -> None:
        """Keep the newest version of a list (a redelivered or older version changes nothing)."""
        fields = {k: v for k, v in asdict(listed).items() if k not in ("list_id", "version")}
        names = sorted({fold(p.full_name) for p in listed.people})
        stored = {**fields, "folded_names": names, "version": listed.version}
        await self.collection.update_one(
            {"_id": listed.list_id, "version": {"$lt": listed.version}}, {"$set": stored}
        )
        await self.collection.update_one({"_id": listed.list_id}, {"$setOnInsert": stored}, upsert=True)
        await self._by_unit.update_one(
            {"_id": f"{listed.unit_id}|{listed.year}"},
            {"$addToSet": {"list_ids": listed.list_id}},
            upsert=True,
        )

    async def within(self, reach: Reach, year: int) -> list[PeopleList]:
        """Lists of a year under the caller's subtrees or of its units."""
        docs = (
            await self.collection.find({"year": year, **reach_query(reach)})
            .sort([("unit_id", 1)])
            .to_list(None)
        )
        return [_people(d) for d in docs]

    async def names_of(self, unit_id: str, year: int) -> frozenset[str]:
        """The (folded) names on the unit's latest lists of the year."""
        index = await self._by_unit.find_one({"_id": f"{unit_id}|{year}"})
        names: set[str] = set()
        for list_id in (index or {}).get("list_ids", []):
            doc = await self.collection.find_one({"_id": list_id}, {"folded_names": 1})
            names.update(doc["folded_names"] if doc is not None else ())
        return frozenset(names)

    async def has_person(self, unit_id: str, year: int, name_folded: str) -> bool:
        """True if one of the unit's latest lists of the year holds a person of this (folded) name."""
        return name_folded in await self.names_of(unit_id, year)


def _people(doc: Document) -> PeopleList:
    people = tuple(
        ListedPerson(**{k: v for k, v in p.items() if k in ListedPerson.__dataclass_fields__})
        for p in doc["people"]
    )
    return PeopleList(
        doc["_id"], doc["version"], doc["year"], doc["round_id"], doc["unit_id"], doc["unit_name"],
        tuple(doc["unit_path"]), people,
    )  # fmt: skip
