"""MongoDB queries of conferences of exemplars: one document per level and season, its outbox on it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.repository import WITHOUT_OUTBOX
from emutrack_kit.unit_of_work import UnitOfWork
from registration.adapters.records import Records
from registration.domain.conferences import Conference, Delegate, Report


class ConferenceRepository(Records[Conference]):
    """Conferences by id ("hn-<year>-<level>"), with their delegates and report."""

    collection_name = "conferences"

    def record(self, doc: Document) -> Conference:
        """A stored conference."""
        report: dict[str, Any] | None = doc.get("report")
        return Conference(
            conference_id=doc["_id"], level_unit_id=doc["level_unit_id"], level_name=doc["level_name"],
            level_path=tuple(doc["level_path"]), name=doc["name"], hold_by=date.fromisoformat(doc["hold_by"]),
            exemplar_share=doc["exemplar_share"], max_delegates=doc.get("max_delegates"),
            minimums=tuple((m["criterion"], m["at_least"]) for m in doc.get("minimums") or ()),
            parent_id=doc.get("parent_id"),
            pilot=doc.get("pilot", False),
            reports_due=date.fromisoformat(doc["reports_due"]) if doc.get("reports_due") else None,
            delegates=tuple(Delegate(**d) for d in doc.get("delegates") or ()),
            confirmed_at=doc.get("confirmed_at"),
            report=None if not report else Report(
                **{**report, "held_on": date.fromisoformat(report["held_on"])}
            ),
        )  # fmt: skip

    def add(self, uow: UnitOfWork, conference: Conference, event: Envelope) -> None:
        """Stage a new conference with its `conference.planned` (`Duplicate` if the level has one)."""
        doc = {
            "_id": conference.conference_id, "level_unit_id": conference.level_unit_id,
            "level_name": conference.level_name, "level_path": list(conference.level_path),
            "name": conference.name, "hold_by": conference.hold_by.isoformat(),
            "exemplar_share": conference.exemplar_share, "max_delegates": conference.max_delegates,
            "minimums": [{"criterion": c, "at_least": n} for c, n in conference.minimums],
            "parent_id": conference.parent_id,
            "pilot": conference.pilot,
            "reports_due": conference.reports_due.isoformat() if conference.reports_due else None,
            "delegates": [], "confirmed_at": None, "report": None, "planned_by": event.actor,
            "planned_at": event.occurred_at,
        }  # fmt: skip
        uow.insert(self.collection, doc, [event])

    def stage_delegates(self, uow: UnitOfWork, conference: Conference) -> None:
        """Stage the delegation, written only while it is not confirmed."""
        delegates = [asdict(d) for d in conference.delegates]
        guard = {"_id": conference.conference_id, "confirmed_at": None}
        uow.update(self.collection, guard, {"$set": {"delegates": delegates}})

    def stage_confirmed(self, uow: UnitOfWork, conference: Conference) -> None:
        """Stage the delegation's confirmation, written once."""
        guard = {"_id": conference.conference_id, "confirmed_at": None}
        uow.update(self.collection, guard, {"$set": {"confirmed_at": conference.confirmed_at}})

    def stage_report(self, uow: UnitOfWork, conference: Conference, event: Envelope) -> None:
        """Stage the results report with its `conference.reported`, written once."""
        assert conference.report is not None
        report = {**asdict(conference.report), "held_on": conference.report.held_on.isoformat()}
        guard = {"_id": conference.conference_id, "report": None}
        uow.update(self.collection, guard, {"$set": {"report": report}}, [event])

    async def children_of(self, parent_id: str) -> list[Conference]:
        """The conferences that feed this one, by level name."""
        docs = await self.collection.find({"parent_id": parent_id}, WITHOUT_OUTBOX).to_list(None)
        return sorted((self.record(d) for d in docs), key=lambda c: c.level_name)

    async def of_levels(self, level_unit_ids: list[str]) -> list[Conference]:
        """The conferences of these levels, latest season first."""
        query = {"level_unit_id": {"$in": level_unit_ids}}
        docs = await self.collection.find(query, WITHOUT_OUTBOX).to_list(None)
        return sorted((self.record(d) for d in docs), key=lambda c: (c.hold_by, c.level_name), reverse=True)
