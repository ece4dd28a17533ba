"""Read models in memory with the MongoDB ones' semantics: a rebuild's, and a batch's held state.

A rebuild folds the whole log into them; a batch holds in them its facts and the state later
deltas are computed from (lists counted, what submissions counted as, nominations' progress),
reading through to the stored ones, until its facts are stored (`adapters/held.py`). The rebuild
test compares what the rebuild writes with what the live repositories built, so a divergence
fails there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Generic, TypeVar

from emutrack_kit.consumer import Position
from emutrack_kit.mongo import Document
from reporting.adapters.counters import counter_of, empty_counter
from reporting.adapters.facts import stored_fact
from reporting.adapters.lists import stored_list
from reporting.adapters.progress import stored_progress
from reporting.adapters.submissions import stored_submission
from reporting.domain.facts import CountedList, CountedSubmission, Fact
from reporting.domain.numbers import Counter, Delta
from reporting.domain.processing import Progress
from reporting.domain.rollup import CounterTarget
from reporting.usecases.unit_of_work import Lists, Progresses, Submissions

V = TypeVar("V")


def millis(moment: datetime) -> datetime:
    """A time at BSON's millisecond precision, as MongoDB keeps it."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class Held(Generic[V]):
    """Values by key in memory, over a stored repository (a batch's) whose value of a key is read once.

    A value stored before the batch wins over one the batch set before first reading it: what a
    repository keeps first stays (a use case that replaces a value reads it first). `write` stores
    what the batch set; a rebuild, with no stored repository, writes `documents()` instead.
    """

    def __init__(
        self,
        stored_form: Callable[[V], Document],
        read: Callable[[str], Awaitable[V | None]] | None,
        store: Callable[[str, V], Awaitable[None]] | None,
    ) -> None:
        self.values: dict[str, V] = {}
        self._changed: dict[str, None] = {}  # the keys set, in order
        self._stored_form = stored_form
        self._read = read
        self._store = store
        self._asked: set[str] = set()

    async def _get(self, key: str) -> V | None:
        """The value of a key: the stored one if there is one, else what was set."""
        if self._read is not None and key not in self._asked:
            self._asked.add(key)
            stored = await self._read(key)
            if stored is not None:
                self.values[key] = stored
        return self.values.get(key)

    def _set(self, key: str, value: V) -> None:
        self.values[key] = value
        self._changed[key] = None

    async def write(self) -> None:
        """Store every value set (a batch's commit)."""
        if self._store is not None:
            for key in self._changed:
                await self._store(key, self.values[key])

    def documents(self) -> list[Document]:
        """The values as stored documents (a rebuild's commit)."""
        return [{"_id": key, **self._stored_form(value)} for key, value in self.values.items()]


class MemoryFacts:
    """Facts by event id; the first delivery's stays."""

    def __init__(self) -> None:
        self.facts: dict[str, Fact] = {}

    async def record(self, fact: Fact) -> Fact:
        """Hold the fact unless its event's is held; return the held one."""
        return self.facts.setdefault(fact.event_id, fact)

    def documents(self) -> list[Document]:
        """The facts as stored."""
        return [stored_fact(f) for f in self.facts.values()]


class MemoryCounters:
    """Counters with the per-stream offset guard of `CounterRepository`."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    async def apply(self, targets: Sequence[CounterTarget], delta: Delta, first: Position) -> None:
        """Add `delta` to every target once per record."""
        if not delta:
            return
        for t in targets:
            doc = self.docs.get(t.counter_id)
            if doc is None:
                doc = self.docs[t.counter_id] = {"_id": t.counter_id, **empty_counter(t)}
            seen = doc["applied"].get(first.stream_key)
            if seen is not None and seen >= first.offset:
                continue
            for field, n in t.fields(delta).items():
                _inc(doc, field, n)
            doc["version"] += 1
            doc["applied"][first.stream_key] = first.offset

    async def get(self, unit_id: str, period: str) -> Counter | None:
        """One unit's counter of a period."""
        doc = self.docs.get(f"{unit_id}:{period}")
        return None if doc is None else counter_of(doc)

    def documents(self) -> list[Document]:
        """The counters as stored."""
        return list(self.docs.values())


def _inc(doc: Document, dotted: str, n: int) -> None:
    """`$inc` of a dotted field path."""
    *parents, leaf = dotted.split(".")
    for part in parents:
        doc = doc.setdefault(part, {})
    doc[leaf] = doc.get(leaf, 0) + n


class MemoryLists(Held[CountedList]):
    """Lists as last counted (see `ListRepository`)."""

    def __init__(self, stored: Lists | None = None) -> None:
        super().__init__(stored_list, stored.counted if stored else None, stored.remember if stored else None)

    async def counted(self, list_id: str) -> CountedList | None:
        """The list as last counted."""
        return await self._get(list_id)

    async def remember(self, list_id: str, counted: CountedList) -> None:
        """Keep the counted version (never moving backwards)."""
        current = await self._get(list_id)
        if current is None or current.version < counted.version:
            self._set(list_id, counted)


class MemorySubmissions(Held[CountedSubmission]):
    """What submissions were counted as (see `SubmissionKinds`)."""

    def __init__(self, stored: Submissions | None = None) -> None:
        super().__init__(
            stored_submission, stored.counted if stored else None, stored.remember if stored else None
        )

    async def counted(self, submission_id: str) -> CountedSubmission | None:
        """What the submission was counted as (the first answer)."""
        return await self._get(submission_id)

    async def remember(self, submission_id: str, counted: CountedSubmission) -> None:
        """Keep the first answer (a stored one, read when it is asked for, stays first)."""
        if submission_id not in self.values:
            self._set(submission_id, counted)


class MemoryProgress(Held[Progress]):
    """Nominations' progress (see `NominationProgress`)."""

    def __init__(self, stored: Progresses | None = None) -> None:
        super().__init__(stored_progress, stored.get if stored else None, stored.keep if stored else None)

    async def get(self, nomination_id: str) -> Progress:
        """What is known of the nomination."""
        return await self._get(nomination_id) or Progress()

    async def keep(self, nomination_id: str, progress: Progress) -> None:
        """Keep the progress (its time at BSON's precision, as MongoDB keeps it)."""
        await self._get(nomination_id)  # read first: the progress kept now replaces the stored one
        received = progress.received_at
        self._set(nomination_id, replace(progress, received_at=received and millis(received)))
