"""MongoDB queries of a unit's lists for a round: its people, its forms (one document per list)."""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from emutrack_contracts import Envelope
from emutrack_kit.auth import Reach
from emutrack_kit.mongo import Document
from emutrack_kit.repository import WITHOUT_OUTBOX, reach_query
from emutrack_kit.text import fold
from emutrack_kit.unit_of_work import UnitOfWork
from registration.adapters.records import Records
from registration.domain.forms import FormList
from registration.domain.people import PeopleFilter, PeopleList, Person, UnitList

L = TypeVar("L", bound=UnitList)


class _Lists(Records[L], Generic[L]):
    """Lists replaced whole by each submission: version 1 inserted, each later one a compare-and-set."""

    def save(self, uow: UnitOfWork, stored: L, fields: Document, event: Envelope) -> None:
        """Stage a list's new version with its event (`Duplicate`/`StaleWrite` if another came first)."""
        if stored.version == 1:
            uow.insert(self.collection, {"_id": stored.list_id, **fields, "version": 1}, [event])
            return
        uow.update(
            self.collection,
            {"_id": stored.list_id, "version": stored.version - 1},
            {"$set": {**fields, "version": stored.version}},
            [event],
        )

    async def version(self, list_id: str) -> int:
        """The version stored (0: none yet)."""
        doc = await self.collection.find_one({"_id": list_id}, {"version": 1})
        return 0 if doc is None else int(doc["version"])


class PeopleLists(_Lists[PeopleList]):
    """Each unit's list of people per round, with its people's folded names."""

    collection_name = "individual_lists"

    def record(self, doc: Document) -> PeopleList:
        """A stored list."""
        return PeopleList(
            **_listed(doc),
            people=tuple(_person(p) for p in doc["people"]),
            counts_by_title=doc["counts_by_title"],
        )

    def replace(self, uow: UnitOfWork, people: PeopleList, event: Envelope) -> None:
        """Stage the list's new version with its `individual_registrations.submitted` event."""
        fields = {
            **_list_document(people),
            "people": [_person_document(p) for p in people.people],
            "counts_by_title": people.counts_by_title,
        }
        self.save(uow, people, fields, event)

    async def within(self, reach: Reach, wanted: PeopleFilter) -> list[PeopleList]:
        """The lists within a caller's reach, of the year, round and unit subtree asked for."""
        query = reach_query(reach)
        asked = {"year": wanted.year, "round_id": wanted.round_id, "unit_path": wanted.unit_id}
        query.update({k: v for k, v in asked.items() if v})
        return [self.record(d) for d in await self.collection.find(query, WITHOUT_OUTBOX).to_list(None)]


class FormLists(_Lists[FormList]):
    """Each unit's forms (Form 1, Form 2, emulation models) per round."""

    collection_name = "form_lists"

    def record(self, doc: Document) -> FormList:
        """A stored form."""
        return FormList(**_listed(doc), form=doc["form"], rows=tuple(doc["rows"]))

    def replace(self, uow: UnitOfWork, form: FormList, event: Envelope) -> None:
        """Stage the form's new version with its `registration_form.submitted` event."""
        self.save(uow, form, {**_list_document(form), "form": form.form, "rows": list(form.rows)}, event)


_LISTED = ("round_id", "year", "unit_id", "unit_name", "version", "submitted_by", "submitted_at")


def _listed(doc: Document) -> Document:
    """What every stored list holds, as the fields of its record."""
    return {"list_id": doc["_id"], "unit_path": tuple(doc["unit_path"]), **{k: doc[k] for k in _LISTED}}


def _list_document(lst: UnitList) -> Document:
    """What every list stores besides its id, version and entries."""
    return {"unit_path": list(lst.unit_path), **{k: getattr(lst, k) for k in _LISTED if k != "version"}}


def _person(stored: Document) -> Person:
    birth = stored.get("birth_date")
    return Person(
        stored["full_name"],
        date.fromisoformat(birth) if birth else None,
        stored.get("gender"),
        stored.get("position"),
        stored["title_code"],
        stored["title_name"],
    )


def _person_document(person: Person) -> Document:
    """A person as published in the list's event, with the folded name the scan sorts by."""
    return {
        "person_key": person.key,
        "full_name": person.full_name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "gender": person.gender,
        "position": person.position,
        "title_code": person.title_code,
        "title_name": person.title_name,
        "name_folded": fold(person.full_name),
    }
