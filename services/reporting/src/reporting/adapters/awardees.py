"""The awardees of counted decisions in MongoDB, for the lists of awardees people file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.repository import Repository
from reporting.domain.awards import Awardee, in_list_order


def stored_awardee(a: Awardee) -> Document:
    """An awardee as stored: one row per (decision, nomination)."""
    return {
        "_id": f"{a.decision_id}|{a.nomination_id}",
        "unit_path": list(a.unit_path),
        "proposing_unit_name": a.proposing_unit_name,
        "period": a.period,
        "signed_year": a.signed_year,
        "subject_name": a.subject_name,
        "subject_kind": a.subject_kind,
        "award_name": a.award_name,
        "number": a.number,
        "signed_on": a.signed_on.isoformat(),
        "level_name": a.level_name,
    }


def awardee_of(doc: Document) -> Awardee:
    """A stored awardee."""
    decision_id, _, nomination_id = str(doc["_id"]).partition("|")
    return Awardee(
        decision_id=decision_id,
        nomination_id=nomination_id,
        unit_path=tuple(doc["unit_path"]),
        proposing_unit_name=doc["proposing_unit_name"],
        period=doc["period"],
        subject_name=doc["subject_name"],
        subject_kind=doc["subject_kind"],
        award_name=doc["award_name"],
        number=doc["number"],
        signed_on=date.fromisoformat(doc["signed_on"]),
        level_name=doc["level_name"],
    )


def year_field(by_decision_date: bool) -> str:
    """The field a year is matched on: the emulation year, or the year the decision was signed."""
    return "signed_year" if by_decision_date else "period"


class AwardeeBook(Repository):
    """One row per (decision, awardee), with the path of the unit that proposed it."""

    collection_name = "awardees"

    async def keep(self, awardees: Sequence[Awardee]) -> None:
        """Store the rows once (a redelivered decision adds none)."""
        await insert_new(self.collection, [stored_awardee(a) for a in awardees])

    async def of_subtree(self, unit_id: str, period: str, by_decision_date: bool = False) -> list[Awardee]:
        """The awardees of a unit's subtree for a year (or signed in it), by decision date and name."""
        query = {"unit_path": unit_id, year_field(by_decision_date): period}
        return in_list_order(awardee_of(d) for d in await self.collection.find(query).to_list(None))
