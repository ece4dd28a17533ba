"""Counting an event exactly once up the tree: its fact first, then the counters (docs/decisions/0003)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from emutrack_contracts import Envelope
from emutrack_kit.clock import hanoi_month
from emutrack_kit.consumer import Position
from reporting.domain.facts import Fact
from reporting.domain.numbers import Delta
from reporting.domain.rollup import rollup_targets
from reporting.usecases.context import Context


class Delivery(Protocol):
    """One delivery of an event: its envelope and where it sits in the log (a kit `Message` is one)."""

    @property
    def envelope(self) -> Envelope: ...

    @property
    def position(self) -> Position: ...


async def record_fact(
    ctx: Context, d: Delivery, delta: Delta, *, period: str | None = None, path: Sequence[str] | None = None
) -> Fact:
    """Record the event's fact (about its own unit and path, or the level at the end of `path`).

    Returns the fact as stored: the first delivery's position and delta. The delta is computed once,
    so a redelivery applies exactly what the first delivery would have, whatever moved on since.
    """
    e = d.envelope
    unit_path = tuple(e.unit_path if path is None else path)
    unit_id = e.unit_id if path is None else unit_path[-1]
    return await ctx.work.facts.record(
        Fact(str(e.event_id), e.event_type, unit_id, unit_path, d.position, delta, period)
    )


async def count_up(ctx: Context, d: Delivery, fact: Fact, period: str) -> None:
    """Apply a fact to the event's unit and every ancestor, in the period and the Hà Nội month it happened."""
    targets = rollup_targets(d.envelope.unit_path, period, hanoi_month(d.envelope.occurred_at))
    await ctx.work.counters.apply(targets, fact.delta, fact.position)


async def count(ctx: Context, d: Delivery, period: str, delta: Delta) -> None:
    """Count an event's delta once for its unit and every ancestor."""
    await count_up(ctx, d, await record_fact(ctx, d, delta, period=period), period)
