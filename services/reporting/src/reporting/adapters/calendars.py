"""The levels' task calendars and the days their tasks were marked done, in MongoDB."""

from __future__ import annotations

from datetime import date

from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository
from reporting.domain.calendar import FollowedCalendar, PlannedTask


def calendar_fields(c: FollowedCalendar) -> Document:
    """A calendar's own fields as stored (its completions are kept apart: they may arrive first)."""
    return {
        "issuer_unit_id": c.issuer_unit_id, "issuer_path": list(c.issuer_path), "year": c.year,
        "plan_number": c.plan_number, "title": c.title,
        "tasks": [_task_fields(t) for t in c.tasks],
    }  # fmt: skip


def _task_fields(t: PlannedTask) -> Document:
    return {
        "number": t.number, "quarter": t.quarter, "content": t.content, "deadline": t.deadline.isoformat(),
        "deadline_text": t.deadline_text, "executing_units": list(t.executing_units),
    }  # fmt: skip


def calendar_of(doc: Document) -> FollowedCalendar:
    """A stored calendar with its completions."""
    tasks = tuple(_task(t) for t in doc.get("tasks", []))
    completed = {int(n): date.fromisoformat(day) for n, day in (doc.get("completed") or {}).items()}
    return FollowedCalendar(
        doc["_id"], doc["issuer_unit_id"], tuple(doc["issuer_path"]), int(doc["year"]), doc["plan_number"],
        doc["title"], tasks, completed,
    )  # fmt: skip


def _task(t: Document) -> PlannedTask:
    day = date.fromisoformat(t["deadline"])
    units = tuple(t["executing_units"])
    return PlannedTask(int(t["number"]), int(t["quarter"]), t["content"], day, t["deadline_text"], units)


class CalendarBook(Repository):
    """One document per calendar: its tasks, and `completed` = {task number: the day it was marked done}."""

    collection_name = "task_calendars"

    async def keep(self, calendar: FollowedCalendar) -> None:
        """Store (or store again) the calendar's tasks, keeping the completions already known."""
        await self.collection.update_one(
            {"_id": calendar.calendar_id}, {"$set": calendar_fields(calendar)}, upsert=True
        )

    async def complete(self, calendar_id: str, number: int, day: date) -> None:
        """Remember the day a task was marked done (the first day told stays)."""
        field = f"completed.{number}"
        await self.collection.update_one(
            {"_id": calendar_id, field: {"$exists": False}}, {"$set": {field: day.isoformat()}}
        )
        await self.collection.update_one(
            {"_id": calendar_id}, {"$setOnInsert": {"completed": {str(number): day.isoformat()}}}, upsert=True
        )

    async def within(self, unit_id: str, year: int) -> list[FollowedCalendar]:
        """The calendars of a year issued by the unit or a unit under it (known calendars only)."""
        docs = await self.collection.find({"issuer_path": unit_id, "year": year}).to_list(None)
        return sorted((calendar_of(d) for d in docs), key=lambda c: (len(c.issuer_path), c.calendar_id))
