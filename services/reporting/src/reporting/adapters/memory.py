"""In-memory repositories with the MongoDB ones' exact semantics, for rebuilds.

A rebuild folds the log here, then writes every collection in bulk (one write per document
instead of several per event).

Each class mirrors the repository of the same role in `repositories.py`, `rounds.py`, `parked.py`,
`awardees.py` and `submissions.py`; `documents()` gives the collections as MongoDB would hold them.
The rebuild test compares the two, so a divergence fails there.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document
from emutrack_kit.org_replica import MemoryOrgReplica
from reporting.adapters.repositories import FactRepository
from reporting.domain.processing import Progress
from reporting.domain.rollup import CounterTarget, empty_counter


def _millis(moment: datetime) -> datetime:
    """A time at BSON's millisecond precision, as MongoDB keeps it."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _inc(doc: Document, dotted: str, n: int) -> None:
    """`$inc` of a dotted field path."""
    *parents, leaf = dotted.split(".")
    for part in parents:
        doc = doc.setdefault(part, {})
    doc[leaf] = doc.get(leaf, 0) + n


class MemoryFacts:
    """Facts by event id (see `FactRepository`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def record(
        self, event_id: str, position: Position, delta: dict[str, int], fields: dict[str, Any]
    ) -> tuple[Position, dict[str, int]]:
        """Store the fact once; return the first delivery's position and delta."""
        first = self.docs.get(event_id)
        if first is None:
            self.docs[event_id] = FactRepository.document(event_id, position, delta, copy.deepcopy(fields))
            return position, delta
        stored = {item["field"]: int(item["n"]) for item in first["delta"]}
        return Position(first["topic"], first["partition"], first["offset"]), stored


class MemoryCounters:
    """Counters with the per-stream offset guard (see `CounterRepository`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def apply(self, targets: Sequence[CounterTarget], delta: dict[str, int], first: Position) -> int:
        """Add `delta` to every target once per record."""
        if not delta:
            return 0
        changed = 0
        for t in targets:
            doc = self.docs.setdefault(t.counter_id, {"_id": t.counter_id, **empty_counter(t)})
            seen = doc["applied"].get(first.stream_key)
            if seen is not None and seen >= first.offset:
                continue
            for field, n in {**t.fields(delta), "version": 1}.items():
                _inc(doc, field, n)
            doc["applied"][first.stream_key] = first.offset
            changed += 1
        return changed

    async def get(self, unit_id: str, period: str) -> Document | None:
        """One unit's counts for a period."""
        return self.docs.get(f"{unit_id}:{period}")


class MemoryLists:
    """Last counted lists of people (see `ListStateRepository`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def counts(self, list_id: str) -> dict[str, int]:
        """Counts by title of the list as last counted."""
        doc = self.docs.get(list_id)
        return {} if doc is None else dict(doc["counts_by_title"])

    async def remember(self, list_id: str, counts: dict[str, int], version: int) -> None:
        """Record the counted version (never moves backwards)."""
        doc = self.docs.get(list_id)
        if doc is None or "version" not in doc or doc["version"] < version:
            self.docs[list_id] = {"_id": list_id, "counts_by_title": dict(counts), "version": version}


class MemoryRounds:
    """Rounds and first submissions (see `RoundBook`)."""

    def __init__(self) -> None:
        self.rounds: dict[str, Document] = {}
        self.firsts_docs: dict[str, Document] = {}

    async def keep(self, round_id: str, fields: Document, deadline_set_at: datetime) -> None:
        """Store or refresh a round, adding its deadline to those it had."""
        doc = self.rounds.setdefault(round_id, {"_id": round_id})
        doc.update(copy.deepcopy(fields))
        entry = {"set_at": _millis(deadline_set_at), "deadline": _millis(fields["deadline"])}
        if entry not in doc.setdefault("deadlines", []):
            doc["deadlines"].append(entry)

    async def extend(self, round_id: str, unit_id: str, set_at: datetime, deadline: datetime) -> None:
        """Add one unit's own later deadline to the round."""
        doc = self.rounds.setdefault(round_id, {"_id": round_id})
        entry = {"unit_id": unit_id, "set_at": _millis(set_at), "deadline": _millis(deadline)}
        if entry not in doc.setdefault("extensions", []):
            doc["extensions"].append(entry)

    async def get(self, round_id: str) -> Document | None:
        """One round."""
        return self.rounds.get(round_id)

    async def received_by(self, unit_id: str, year: int, kind: str) -> list[Document]:
        """The rounds of a kind a unit received in a year, by deadline."""
        found = [
            r
            for r in self.rounds.values()
            if (r.get("receiving_unit_id"), r.get("year"), r.get("kind")) == (unit_id, year, kind)
        ]
        return sorted(found, key=lambda r: (r["deadline"], r["_id"]))

    async def submitted(self, round_id: str, unit_id: str, at: datetime) -> None:
        """Keep the earliest submission time."""
        key = f"{round_id}|{unit_id}"
        doc = self.firsts_docs.setdefault(key, {"_id": key, "at": at})
        doc.update({"round_id": round_id, "unit_id": unit_id, "at": min(doc["at"], at)})

    async def firsts(self, round_id: str) -> dict[str, datetime]:
        """Unit -> time of its first submission to the round."""
        return {d["unit_id"]: d["at"] for d in self.firsts_docs.values() if d["round_id"] == round_id}


class MemoryParked:
    """Parked events (see `ParkedEvents`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def park(self, envelope: Envelope, position: Position, waiting_for: list[str]) -> None:
        """Park the event (the first position is kept)."""
        doc = self.docs.setdefault(
            str(envelope.event_id),
            {
                "_id": str(envelope.event_id),
                "envelope": envelope.model_dump(mode="json"),
                "topic": position.topic,
                "partition": position.partition,
                "offset": position.offset,
            },
        )
        doc.update({"waiting_for": list(waiting_for), "event_type": envelope.event_type})

    async def waiting_for(self, unit_id: str) -> list[Document]:
        """The parked events that name this unit."""
        return [d for d in self.docs.values() if unit_id in d["waiting_for"]]

    async def release(self, event_id: str) -> None:
        """The event was applied."""
        self.docs.pop(event_id, None)

    async def count(self) -> int:
        """How many events are parked."""
        return len(self.docs)


class MemoryAwardees:
    """Awardee rows (see `AwardeeBook`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def keep(self, rows: Sequence[Document]) -> None:
        """Store the rows once."""
        for row in rows:
            self.docs.setdefault(row["_id"], copy.deepcopy(dict(row)))

    async def of_subtree(self, unit_id: str, period: str, by_decision_date: bool = False) -> list[Document]:
        """The awardees proposed within a unit's subtree for a year (or signed in it)."""
        year = "signed_year" if by_decision_date else "period"
        rows = [r for r in self.docs.values() if unit_id in r["unit_path"] and r[year] == period]
        return sorted(rows, key=lambda r: (r["signed_on"], r["number"], r["subject_name"]))


class MemorySubmissions:
    """What each submission was counted as (see `SubmissionKinds`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def remember(self, submission_id: str, kind: str, counted_as: str) -> None:
        """Keep the first answer."""
        self.docs.setdefault(submission_id, {"_id": submission_id, "kind": kind, "counted_as": counted_as})

    async def counted_as(self, submission_id: str) -> str | None:
        """What the submission was counted as."""
        doc = self.docs.get(submission_id)
        return None if doc is None else str(doc["counted_as"])


class MemoryProgress:
    """Nomination progress (see `NominationProgress`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def get(self, nomination_id: str) -> Progress:
        """What is known of the nomination."""
        doc = self.docs.get(nomination_id)
        if doc is None:
            return Progress()
        return Progress(doc["received_at"], doc["returned"], doc["finished"], doc["year"])

    async def keep(self, nomination_id: str, progress: Progress) -> None:
        """Store the progress (times at BSON's millisecond precision, as MongoDB keeps them)."""
        received = progress.received_at
        self.docs[nomination_id] = {
            "_id": nomination_id,
            "received_at": None if received is None else _millis(received),
            "returned": progress.returned,
            "finished": progress.finished,
            "year": progress.year,
        }


class MemoryRankings:
    """Cluster rankings (see `RankingBook`)."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def keep(self, doc: Document) -> None:
        """Store the ranking unless a later one is already stored."""
        stored = self.docs.get(doc["_id"])
        if stored is None or stored["published_at"] < doc["published_at"]:
            self.docs[doc["_id"]] = copy.deepcopy(dict(doc))

    async def within(self, unit_id: str, year: int) -> list[Document]:
        """The rankings of clusters organised within the unit's subtree."""
        docs = [d for d in self.docs.values() if unit_id in d["level_path"] and d["year"] == year]
        return sorted(docs, key=lambda d: (d["cluster_name"], d["_id"]))


class MemoryStore:
    """All of reporting's read models in memory, and their collections as MongoDB would hold them."""

    def __init__(self) -> None:
        self.facts = MemoryFacts()
        self.counters = MemoryCounters()
        self.units = MemoryOrgReplica()
        self.lists = MemoryLists()
        self.rounds = MemoryRounds()
        self.parked = MemoryParked()
        self.awardees = MemoryAwardees()
        self.submissions = MemorySubmissions()
        self.progress = MemoryProgress()
        self.rankings = MemoryRankings()

    def documents(self) -> dict[str, list[Document]]:
        """Collection name -> its documents (the names of the MongoDB repositories)."""
        return {
            "facts": list(self.facts.docs.values()),
            "counters": list(self.counters.docs.values()),
            "org_units": self.units.documents(),
            "org_units_stamp": [{"_id": "org_tree", "token": uuid.uuid4().hex}],
            "individual_lists": list(self.lists.docs.values()),
            "rounds": list(self.rounds.rounds.values()),
            "first_submissions": list(self.rounds.firsts_docs.values()),
            "parked_events": list(self.parked.docs.values()),
            "awardees": list(self.awardees.docs.values()),
            "submission_kinds": list(self.submissions.docs.values()),
            "nomination_progress": list(self.progress.docs.values()),
            "cluster_rankings": list(self.rankings.docs.values()),
        }
