"""Reads topics from the start up to the offsets they had when reading began, merged in time order.

The live consumer handles partitions side by side, roughly in publication order; replaying each
topic in turn would instead apply, say, every 2025 unit move before a 2022 decision. Merging the
partitions by record timestamp (ties broken by topic, partition, offset) replays the log as it
happened, and deterministically. Each partition's own order is kept.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from aiokafka.structs import OffsetAndMetadata

from emutrack_kit.consumer import Position


@dataclass(frozen=True)
class LogRecord:
    """One record to replay."""

    value: bytes
    position: Position
    timestamp_ms: int


class GroupStillActive(Exception):
    """The consumer group has live members: its offsets cannot be moved under it."""


class KafkaLog:
    """The subscribed topics' records, from the beginning to the end offsets taken at `open`."""

    def __init__(self, bootstrap_servers: str, topics: Sequence[tuple[str, int]]) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap_servers,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=8 * 1024 * 1024,
        )
        self._topics = list(topics)  # (name, partitions) as the contracts create them
        self.end_offsets: dict[TopicPartition, int] = {}
        self._begin: dict[TopicPartition, int] = {}

    async def open(self) -> int:
        """Connect and take the end offsets; return how many records lie before them."""
        await self._consumer.start()
        known = await self._consumer.topics()
        tps = [TopicPartition(topic, p) for topic, n in self._topics if topic in known for p in range(n)]
        self.end_offsets = await self._consumer.end_offsets(tps)
        self._begin = await self._consumer.beginning_offsets(tps)
        return sum(self.end_offsets[tp] - self._begin[tp] for tp in tps)

    async def close(self) -> None:
        """Disconnect."""
        await self._consumer.stop()

    async def records(self) -> AsyncIterator[LogRecord]:
        """Every record before the end offsets, merged by timestamp."""
        pending = [tp for tp, end in self.end_offsets.items() if end > self._begin[tp]]
        if not pending:
            return
        self._consumer.assign(pending)
        await self._consumer.seek_to_beginning(*pending)
        buffers: dict[TopicPartition, deque[ConsumerRecord[bytes, bytes]]] = {tp: deque() for tp in pending}
        heap: list[tuple[int, str, int, int]] = []
        for tp in pending:
            await self._push_next(tp, buffers, heap)
        while heap:
            _, topic, partition, _ = heapq.heappop(heap)
            tp = TopicPartition(topic, partition)
            record = buffers[tp].popleft()
            yield LogRecord(record.value or b"", Position(topic, partition, record.offset), record.timestamp)
            await self._push_next(tp, buffers, heap)

    async def _push_next(
        self,
        tp: TopicPartition,
        buffers: dict[TopicPartition, deque[ConsumerRecord[bytes, bytes]]],
        heap: list[tuple[int, str, int, int]],
    ) -> None:
        """Put the partition's next record (if it lies before the end) on the heap."""
        buffer = buffers[tp]
        while not buffer and await self._consumer.position(tp) < self.end_offsets[tp]:
            fetched = await self._consumer.getmany(tp, timeout_ms=1000, max_records=5000)
            buffer.extend(r for r in fetched.get(tp, []) if r.offset < self.end_offsets[tp])
        if buffer:
            head = buffer[0]
            heapq.heappush(heap, (head.timestamp, tp.topic, tp.partition, head.offset))


async def move_group_offsets(
    bootstrap_servers: str, group_id: str, offsets: dict[TopicPartition, int]
) -> None:
    """Set the group's committed offsets (refused while the group has members)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, group_id=group_id, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(list(offsets))
        await consumer.commit({tp: OffsetAndMetadata(offset, "") for tp, offset in offsets.items()})
    except (CommitFailedError, KafkaError) as exc:
        raise GroupStillActive(str(exc)) from exc
    finally:
        await consumer.stop()


async def committed_offsets(
    bootstrap_servers: str, group_id: str, tps: Sequence[TopicPartition]
) -> dict[TopicPartition, int]:
    """The group's committed offsets (partitions it never committed are left out)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, group_id=group_id, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(list(tps))
        found = {tp: await consumer.committed(tp) for tp in tps}
    finally:
        await consumer.stop()
    return {tp: offset for tp, offset in found.items() if offset is not None}
