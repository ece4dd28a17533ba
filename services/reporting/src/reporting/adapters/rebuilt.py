"""The rebuild's unit of work: the whole log folded in memory, then written fresh and swapped in.

Rounds, parked events, awardees and rankings mirror `RoundBook`, `ParkedEvents`, `AwardeeBook` and
`RankingBook` in memory; the rest is `adapters/memory.py`'s. `documents()` gives every collection
as MongoDB would hold it (docs/decisions/0017).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document
from emutrack_kit.org_replica import MemoryOrgReplica
from reporting.adapters.awardees import awardee_of, stored_awardee, year_field
from reporting.adapters.calendars import calendar_fields, calendar_of
from reporting.adapters.memory import (
    MemoryCounters,
    MemoryFacts,
    MemoryLists,
    MemoryProgress,
    MemorySubmissions,
    millis,
)
from reporting.adapters.parked import first_parked, waiting
from reporting.adapters.rankings import ranking_of, stored_ranking
from reporting.adapters.rounds import in_deadline_order, round_fields, round_of
from reporting.adapters.swap import CollectionSwap
from reporting.domain.awards import Awardee, PublishedRanking, by_cluster_name, in_list_order
from reporting.domain.calendar import FollowedCalendar
from reporting.domain.coverage import Round


class MemoryRounds:
    """Rounds and first submissions (see `RoundBook`)."""

    def __init__(self) -> None:
        self.rounds: dict[str, Document] = {}
        self.first_submissions: dict[str, Document] = {}

    async def keep(self, round_: Round, set_at: datetime) -> None:
        """Store or refresh a round, adding its deadline to those it had."""
        doc = self.rounds.setdefault(round_.round_id, {"_id": round_.round_id})
        doc.update(round_fields(round_))
        _add_to_set(doc, "deadlines", {"set_at": millis(set_at), "deadline": millis(round_.deadline)})

    async def extend(self, round_id: str, unit_id: str, set_at: datetime, deadline: datetime) -> None:
        """Add one unit's own later deadline to the round."""
        doc = self.rounds.setdefault(round_id, {"_id": round_id})
        _add_to_set(
            doc, "extensions", {"unit_id": unit_id, "set_at": millis(set_at), "deadline": millis(deadline)}
        )

    async def get(self, round_id: str) -> Round | None:
        """One round."""
        doc = self.rounds.get(round_id)
        return None if doc is None else round_of(doc)

    async def received_by(self, unit_id: str, year: int, kind: str) -> list[Round]:
        """The rounds of a kind a unit received in a year, by deadline."""
        found = [round_of(d) for d in self.rounds.values()]
        return in_deadline_order(
            [
                r
                for r in found
                if r is not None and (r.receiving_unit_id, r.year, r.kind) == (unit_id, year, kind)
            ]
        )

    async def submitted(self, round_id: str, unit_id: str, at: datetime) -> None:
        """Keep the earliest submission time."""
        key = f"{round_id}|{unit_id}"
        doc = self.first_submissions.setdefault(key, {"_id": key, "at": at})
        doc.update({"round_id": round_id, "unit_id": unit_id, "at": min(doc["at"], at)})

    async def firsts(self, round_id: str) -> dict[str, datetime]:
        """Unit -> time of its first submission to the round."""
        return {d["unit_id"]: d["at"] for d in self.first_submissions.values() if d["round_id"] == round_id}


def _add_to_set(doc: Document, field: str, entry: Document) -> None:
    """`$addToSet` of an entry to an array field."""
    if entry not in doc.setdefault(field, []):
        doc[field].append(entry)


class MemoryParked:
    """Parked events (see `ParkedEvents`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def park(self, envelope: Envelope, position: Position, waiting_for: list[str]) -> None:
        """Park the event (the first position is kept)."""
        event_id = str(envelope.event_id)
        doc = self.docs.setdefault(event_id, {"_id": event_id, **first_parked(envelope, position)})
        doc.update(waiting(envelope, waiting_for))

    async def waiting_for(self, unit_id: str) -> list[Envelope]:
        """The parked events that name this unit."""
        return [
            Envelope.model_validate(d["envelope"]) for d in self.docs.values() if unit_id in d["waiting_for"]
        ]

    async def release(self, event_id: str) -> None:
        """The event was counted."""
        self.docs.pop(event_id, None)


class MemoryAwardees:
    """Awardees (see `AwardeeBook`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def keep(self, awardees: Sequence[Awardee]) -> None:
        """Store the rows once."""
        for a in awardees:
            doc = stored_awardee(a)
            self.docs.setdefault(doc["_id"], doc)

    async def of_subtree(self, unit_id: str, period: str, by_decision_date: bool = False) -> list[Awardee]:
        """The awardees proposed within a unit's subtree for a year (or signed in it)."""
        year = year_field(by_decision_date)
        return in_list_order(
            awardee_of(d) for d in self.docs.values() if unit_id in d["unit_path"] and d[year] == period
        )


class MemoryRankings:
    """Cluster rankings (see `RankingBook`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def keep(self, ranking: PublishedRanking) -> None:
        """Store the ranking unless a later one is already stored."""
        stored = self.docs.get(ranking.key)
        if stored is None or stored["published_at"] < ranking.published_at:
            self.docs[ranking.key] = stored_ranking(ranking)

    async def within(self, unit_id: str, year: int) -> list[PublishedRanking]:
        """The rankings of clusters organised within the unit's subtree."""
        found = [d for d in self.docs.values() if unit_id in d["level_path"] and d["year"] == year]
        return by_cluster_name(ranking_of(d) for d in found)


class MemoryCalendars:
    """Task calendars (see `CalendarBook`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def keep(self, calendar: FollowedCalendar) -> None:
        """Store the calendar's tasks, keeping the completions already known."""
        self.docs.setdefault(calendar.calendar_id, {"_id": calendar.calendar_id}).update(
            calendar_fields(calendar)
        )

    async def complete(self, calendar_id: str, number: int, day: date) -> None:
        """Remember the first day a task was told done."""
        doc = self.docs.setdefault(calendar_id, {"_id": calendar_id})
        doc.setdefault("completed", {}).setdefault(str(number), day.isoformat())

    async def within(self, unit_id: str, year: int) -> list[FollowedCalendar]:
        """The calendars of a year issued within the unit's subtree."""
        found = [d for d in self.docs.values() if unit_id in d.get("issuer_path", ()) and d["year"] == year]
        return sorted((calendar_of(d) for d in found), key=lambda c: (len(c.issuer_path), c.calendar_id))


class RebuildUnitOfWork:
    """Every read model in memory while the log is replayed; `commit` writes them fresh and swaps them in."""

    def __init__(self, target: CollectionSwap | None = None, *, keep_replaced: bool = False) -> None:
        self.facts = MemoryFacts()
        self.counters = MemoryCounters()
        self.lists = MemoryLists()
        self.rounds = MemoryRounds()
        self.parked = MemoryParked()
        self.awardees = MemoryAwardees()
        self.submissions = MemorySubmissions()
        self.progress = MemoryProgress()
        self.rankings = MemoryRankings()
        self.calendars = MemoryCalendars()
        self.tree = MemoryOrgReplica()
        self._target = target
        self._keep_replaced = keep_replaced
        self.written: dict[str, int] = {}

    def documents(self) -> dict[str, list[Document]]:
        """Collection name -> its documents (the names of the live repositories)."""
        return {
            "facts": self.facts.documents(),
            "counters": self.counters.documents(),
            "org_units": self.tree.documents(),
            "org_units_stamp": [{"_id": "org_tree", "token": uuid.uuid4().hex}],
            "individual_lists": self.lists.documents(),
            "rounds": list(self.rounds.rounds.values()),
            "first_submissions": list(self.rounds.first_submissions.values()),
            "parked_events": list(self.parked.docs.values()),
            "awardees": list(self.awardees.docs.values()),
            "submission_kinds": self.submissions.documents(),
            "nomination_progress": self.progress.documents(),
            "cluster_rankings": list(self.rankings.docs.values()),
            "task_calendars": list(self.calendars.docs.values()),
        }

    async def commit(self) -> None:
        """Write every collection fresh beside the live one, then rename it over the live one."""
        if self._target is None:
            raise RuntimeError("a rebuild in memory only has nowhere to write")
        documents = self.documents()
        self.written = await self._target.write(documents)
        await self._target.swap(list(documents), self._keep_replaced)
