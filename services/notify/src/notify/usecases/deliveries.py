"""Deliveries to the outside: a worker's batch (claim, send, record every attempt), their end, their log.

A failed attempt is retried after the policy's backoff, then dead-lettered; each delivery that
ends publishes one `delivery.completed`, its id derived from the delivery's (docs/decisions/0014).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from emutrack_kit.auth import Principal
from emutrack_kit.unit_of_work import Duplicate, UnitOfWork
from notify.domain.delivery import DEAD, Delivery, Ended, completion_event, judge
from notify.usecases.access import authorize_office
from notify.usecases.context import Context

log = logging.getLogger(__name__)

Sender = Callable[[Sequence[Delivery]], Awaitable[list[str | None]]]  # an error per delivery, None = sent


@dataclass(frozen=True)
class Batch:
    """What one worker takes at a time: up to `size` due deliveries of a channel, for `lease`."""

    channel: str
    size: int
    lease: timedelta


@dataclass(frozen=True)
class LogQuery:
    """A page of the deliveries to a unit and its subtree, of one status or all."""

    unit_id: str
    status: str | None
    limit: int
    skip: int


async def deliver_due(ctx: Context, batch: Batch, send: Sender) -> int:
    """Claim, send and record one batch; returns how many deliveries were tried (0 = idle)."""
    claimed = await ctx.deliveries.claim(batch.channel, ctx.clock(), batch.lease, batch.size)
    await complete(ctx, claimed.ended)  # ended before a crash: published and dequeued now
    if not claimed.due:
        return 0
    errors = await send(claimed.due)
    await record_outcomes(ctx, list(zip(claimed.due, errors, strict=True)))
    return len(claimed.due)


async def record_outcomes(ctx: Context, tried: Sequence[tuple[Delivery, str | None]]) -> None:
    """Log each attempt; then done, retried after a backoff, or dead-lettered when the policy gives up."""
    now = ctx.clock()
    judged = [judge(delivery, error, now, ctx.retry) for delivery, error in tried]
    finished = [j for j in judged if isinstance(j, Ended)]
    for outcome in finished:
        if outcome.status == DEAD:
            log.warning(
                "delivery %s dead-lettered after %d attempts: %s",
                outcome.delivery.delivery_id,
                outcome.attempt.number,
                outcome.attempt.error,
            )
    await complete(ctx, await ctx.deliveries.finish(finished))
    await ctx.deliveries.record_failures([j for j in judged if not isinstance(j, Ended)])


async def complete(ctx: Context, ended: Sequence[Delivery]) -> None:
    """Store each ended delivery's event once (its id derives from the delivery's), then dequeue it."""

    async def publish(delivery: Delivery) -> None:
        work = UnitOfWork()
        ctx.delivery_events.stage(work, completion_event(delivery))
        with suppress(Duplicate):  # stored before a crash, or by another worker that ended it too
            await work.commit()

    await asyncio.gather(*(publish(d) for d in ended))
    await ctx.deliveries.dequeue(ended)


async def delivery_log(ctx: Context, principal: Principal, query: LogQuery) -> list[Delivery]:
    """Deliveries to a unit and its subtree with every attempt, for its standing office."""
    await authorize_office(ctx, principal, query.unit_id)
    return await ctx.deliveries.log(query.unit_id, query.status, query.limit, query.skip)
