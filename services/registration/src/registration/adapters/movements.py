"""MongoDB queries of movements and of the levels' task calendars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import TaskCalendarPublished
from emutrack_kit.mongo import Document
from emutrack_kit.repository import WITHOUT_OUTBOX
from emutrack_kit.unit_of_work import UnitOfWork
from registration.adapters.records import Records, as_date, as_datetime, present
from registration.domain.calendar import Completion, KeptCalendar, PlanTask, TaskCalendar, calendar_id
from registration.domain.movements import Movement, Target


class MovementRepository(Records[Movement]):
    """Movements launched by the levels."""

    collection_name = "movements"

    def record(self, doc: Document) -> Movement:
        """A stored movement."""
        starts_on, ends_on = as_date(doc["starts_on"]), as_date(doc["ends_on"])
        assert starts_on is not None
        assert ends_on is not None
        return Movement(
            movement_id=doc["_id"],
            name=doc["name"],
            kind=doc["kind"],
            launching_unit_id=doc["launching_unit_id"],
            launching_unit_name=doc["launching_unit_name"],
            theme=doc["theme"],
            criteria=tuple(doc["criteria"]),
            starts_on=starts_on,
            ends_on=ends_on,
            targets=tuple(Target(**t) for t in doc["targets"]),
        )

    def add(self, uow: UnitOfWork, movement: Movement, event: Envelope, digest: str) -> None:
        """Stage the movement with its `movement.launched` event (`Duplicate` if its id is taken)."""
        doc = {
            "_id": movement.movement_id,
            "name": movement.name,
            "kind": movement.kind,
            "launching_unit_id": movement.launching_unit_id,
            "launching_unit_name": movement.launching_unit_name,
            "theme": movement.theme,
            "criteria": list(movement.criteria),
            "starts_on": as_datetime(movement.starts_on),
            "ends_on": as_datetime(movement.ends_on),
            "targets": [asdict(t) for t in movement.targets],
            "launched_by": event.actor,
            "launched_at": event.occurred_at,
            "request_hash": digest,
        }
        uow.insert(self.collection, doc, [event])

    async def launched_by(self, unit_ids: Sequence[str] | None, year: int | None) -> list[Movement]:
        """Movements launched by some units (None: all), running during `year` if given."""
        query: Document = {}
        if unit_ids is not None:
            query["launching_unit_id"] = {"$in": list(unit_ids)}
        if year is not None:
            query["starts_on"] = {"$lte": as_datetime(date(year, 12, 31))}
            query["ends_on"] = {"$gte": as_datetime(date(year, 1, 1))}
        docs = await self.collection.find(query).sort([("starts_on", -1), ("_id", 1)]).to_list(None)
        return [self.record(d) for d in docs]


class CalendarRepository(Records[KeptCalendar]):
    """Each level's calendar of tasks for a year (its published event's payload), with the tasks done."""

    collection_name = "task_calendars"

    def record(self, doc: Document) -> KeptCalendar:
        """A stored calendar and its completions."""
        completed = {
            int(number): Completion(date.fromisoformat(c["on"]), c["by"], c.get("note"))
            for number, c in doc.get("completed", {}).items()
        }
        return KeptCalendar(
            doc["_id"], _calendar(TaskCalendarPublished.model_validate(doc["calendar"])), completed
        )

    def add(self, uow: UnitOfWork, calendar: TaskCalendar, event: Envelope) -> None:
        """Stage a calendar with its event (`Duplicate` at commit if it was imported already)."""
        doc = {
            "_id": calendar_id(calendar),
            "issuer_unit_id": calendar.issuer_unit_id,
            "year": calendar.year,
            "calendar": event.payload,
            "completed": {},
        }
        uow.insert(self.collection, doc, [event])

    async def list(self, year: int | None) -> list[KeptCalendar]:
        """Calendars, optionally of one year (their tasks left out)."""
        projection = {**WITHOUT_OUTBOX, "calendar.tasks": 0}
        docs = await self.collection.find(present(year=year), projection).sort("_id", 1).to_list(None)
        return [self.record({**d, "calendar": {**d["calendar"], "tasks": []}}) for d in docs]

    def complete(
        self, uow: UnitOfWork, identifier: str, number: int, done: Completion, event: Envelope
    ) -> None:
        """Stage a task marked done once, with its event (`StaleWrite` at commit if it already was)."""
        record = {"on": done.on.isoformat(), "by": done.by, "note": done.note}
        uow.update(
            self.collection,
            {"_id": identifier, f"completed.{number}": {"$exists": False}},
            {"$set": {f"completed.{number}": record}},
            [event],
        )


def _calendar(published: TaskCalendarPublished) -> TaskCalendar:
    tasks = tuple(
        PlanTask(
            **{
                **t.model_dump(),
                "executing_units": tuple(t.executing_units),
                "coordinating_units": tuple(t.coordinating_units),
                "executing_unit_ids": tuple(t.executing_unit_ids),
            }
        )
        for t in published.tasks
    )
    return TaskCalendar(
        published.plan_number,
        published.issued_on,
        published.issuer_unit_id,
        published.title,
        published.year,
        tasks,
    )
