"""Review's hash-chained log: every step it publishes is chained (tamper-evident), and the log is verified."""

from __future__ import annotations

from emutrack_contracts import Envelope
from review.domain.integrity import verify
from review.usecases.context import Context


async def log_step(ctx: Context, envelope: Envelope) -> None:
    """Chain a published step (its type, time, actor and payload as published), once per event."""
    await ctx.chain.append_once(
        str(envelope.event_id),
        {
            "event_id": str(envelope.event_id),
            "event_type": envelope.event_type,
            "occurred_at": envelope.occurred_at,
            "actor": envelope.actor,
            "payload": envelope.payload,
        },
    )


async def check_log(ctx: Context, anchor: str | None = None) -> tuple[int, int | None]:
    """(records in the log, index of the first broken link or None); `anchor`: the last hash published."""
    records = await ctx.chain.records()
    return len(records), verify(records, anchor)
