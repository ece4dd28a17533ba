"""MongoDB queries of the awardees of decisions, for the lists of awardees people file."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document, insert_new


class AwardeeBook:
    """One row per (decision, awardee), with the path of the unit that proposed it."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._rows = db["awardees"]

    async def keep(self, rows: Sequence[Document]) -> None:
        """Store the rows once (a redelivered decision adds none)."""
        await insert_new(self._rows, rows)

    async def of_subtree(self, unit_id: str, period: str, by_decision_date: bool = False) -> list[Document]:
        """The awardees of a unit's subtree for a year (or signed in it), by decision date and name."""
        year = "signed_year" if by_decision_date else "period"
        rows = await self._rows.find({"unit_path": unit_id, year: period}).to_list(None)
        return sorted(rows, key=lambda r: (r["signed_on"], r["number"], r["subject_name"]))
