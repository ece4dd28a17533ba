"""MongoDB queries of the years of days off the city's standing office entered (`_id` = the year)."""

from __future__ import annotations

from datetime import date

from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository
from review.domain.holidays import DayOff, HolidayYear


class HolidayRepository(Repository):
    """Entered years of days off; a year entered again replaces the previous one."""

    collection_name = "holiday_years"

    async def entered(self) -> dict[int, HolidayYear]:
        """Every year entered (a handful: read whole)."""
        docs = await self.collection.find({}).to_list(None)
        return {int(d["_id"]): _year(d) for d in docs}

    async def save(self, year: HolidayYear) -> None:
        """Keep the year as entered (the last entry wins)."""
        days_off = [
            {"first": b.first.isoformat(), "last": b.last.isoformat(), "occasion": b.occasion}
            for b in year.days_off
        ]
        fields = {
            "days_off": days_off, "make_up_days": [d.isoformat() for d in year.make_up_days],
            "source": year.source, "updated_by": year.updated_by, "updated_at": year.updated_at,
        }  # fmt: skip
        await self.collection.update_one({"_id": year.year}, {"$set": fields}, upsert=True)


def _year(doc: Document) -> HolidayYear:
    days_off = tuple(
        DayOff(date.fromisoformat(b["first"]), date.fromisoformat(b["last"]), b["occasion"])
        for b in doc.get("days_off") or ()
    )
    make_up = tuple(date.fromisoformat(d) for d in doc.get("make_up_days") or ())
    return HolidayYear(
        int(doc["_id"]), days_off, make_up, doc["source"], doc.get("updated_by"), doc.get("updated_at")
    )
