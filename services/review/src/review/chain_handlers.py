"""Every step review publishes is chained into its append-only log (tamper-evident, verifiable)."""

from __future__ import annotations

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from review.handlers import Deps


async def on_review_step(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Append the published step (its type, time, actor and payload) to the chain, once per event."""
    await deps.chain.append_once(
        str(envelope.event_id),
        {
            "event_id": str(envelope.event_id),
            "event_type": envelope.event_type,
            "occurred_at": envelope.occurred_at,
            "actor": envelope.actor,
            "payload": envelope.payload,
        },
    )
