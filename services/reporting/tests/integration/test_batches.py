"""Batches count exactly what record-by-record counting does, through redelivery, crashes and poison."""

from __future__ import annotations

from typing import Any

import pytest

from bench.hanoi_year import generate
from emutrack_contracts import Envelope
from emutrack_kit.consumer import EventDispatcher, Position
from emutrack_kit.runtime import Record
from emutrack_kit_testing.helpers import FakePublisher
from reporting import bootstrap
from reporting.adapters.counters import CounterRepository
from reporting.adapters.rebuilt import RebuildUnitOfWork
from reporting.config import Settings
from reporting.domain.numbers import Numbers
from reporting.usecases.context import Context


def _records(events: list[Envelope], first_offset: int = 0) -> list[Record]:
    """One stream per event type (a partition each), offsets in order."""
    offsets: dict[str, int] = {}
    records = []
    for event in events:
        offset = offsets.get(event.event_type, first_offset)
        offsets[event.event_type] = offset + 1
        position = Position(f"t.{event.event_type}", 0, offset)
        records.append(Record(event.model_dump_json().encode(), event.unit_id.encode(), position))
    return records


async def _expected(records: list[Record]) -> dict[str, Any]:
    """The counters record-by-record counting gives (in memory, the rebuild's repositories)."""
    store = RebuildUnitOfWork()
    on = bootstrap.event_handlers(bootstrap.deps_in_memory(store))
    for record in records:
        envelope = Envelope.model_validate_json(record.value)
        if envelope.event_type in on:
            await on[envelope.event_type](envelope, record.position)
    return {key: Numbers.of(doc).fields() for key, doc in store.counters.docs.items()}


class World:
    """Reporting's repositories on the test database, and a batch counter over them."""

    def __init__(self) -> None:
        live = bootstrap.live_work(Settings())
        self.dead_letters = FakePublisher()
        dispatcher = EventDispatcher(
            "reporting",
            bootstrap.event_handlers(Context(live)),
            self.dead_letters,
            "dlq",  # type: ignore[arg-type]
        )
        self.counters = live.counters
        self.counting = bootstrap.batch_counting(live, dispatcher)

    async def counted(self, keys: Any) -> dict[str, Any]:
        found = {}
        for key in keys:
            doc = await self.counters.document(key)
            found[key] = Numbers.of(doc or {}).fields()
        return found


@pytest.fixture
def year() -> list[Envelope]:
    events = generate(2020, "q-thanh-xuan", None, seed=11).events
    units = [e for e in events if e.event_type == "unit.created"]
    return [*units, *events[len(units) : len(units) + 500], *events[-320:]]  # registrations to decisions


async def test_a_batch_counts_what_one_record_at_a_time_counts(
    service_env: Any, year: list[Envelope]
) -> None:
    world, records = World(), _records(year)
    expected = await _expected(records)
    for start in range(0, len(records), 300):
        await world.counting(records[start : start + 300])
    assert world.counting.fallbacks == 0
    assert await world.counted(expected) == expected

    await world.counting(records[300:600])  # delivered again after a crash: nothing counts twice
    assert world.counting.fallbacks == 1
    assert await world.counted(expected) == expected


async def test_a_crash_halfway_through_the_counters_leaves_the_counts_exact(
    service_env: Any, year: list[Envelope], monkeypatch: pytest.MonkeyPatch
) -> None:
    world, records = World(), _records(year)
    expected = await _expected(records)
    await world.counting(records[:400])
    real = CounterRepository.apply_batch

    async def crash_after_five(self: CounterRepository, held: Any) -> None:
        await real(self, held[:5])  # five counters got the batch, then the process died
        raise ConnectionResetError("the process died here")

    monkeypatch.setattr(CounterRepository, "apply_batch", crash_after_five)
    await world.counting(records[400:])  # five counters got the batch, the rest did not
    assert world.counting.fallbacks == 1  # so the batch was counted record by record
    monkeypatch.undo()
    await world.counting(records[400:])  # and once more, redelivered
    assert await world.counted(expected) == expected


async def test_a_duplicate_inside_a_batch_and_a_poison_record_count_right(
    service_env: Any, year: list[Envelope]
) -> None:
    world = World()
    events = year[:200]
    records = _records(events)
    duplicate = Record(records[150].value, records[150].key, Position("t.again", 0, 0))
    poison = Record(b'{"event_type": "registration.submitted"}', b"x", Position("t.poison", 0, 0))
    expected = await _expected(records)
    await world.counting([*records[:100], duplicate, *records[100:]])
    assert world.counting.fallbacks == 0
    assert await world.counted(expected) == expected

    more = _records(year[200:300], first_offset=1000)
    await world.counting([*more[:50], poison, *more[50:]])
    assert world.counting.fallbacks == 1
    assert [topic for topic, *_ in world.dead_letters.sent] == ["dlq"]
    everything = await _expected([*records, *more])
    assert await world.counted(everything) == everything
