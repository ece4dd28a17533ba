"""Deliveries to the outside (e-mail, webhook): ids, retry schedule, webhook signatures.

A delivery is one message to one recipient on one channel; its id is built from the event and
the recipient, so the same event can never make a second delivery. Failed attempts are retried
with exponential backoff and jitter until the policy gives up, then the delivery is dead-lettered.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from tenacity import RetryCallState, wait_exponential_jitter

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.notify import DeliveryCompleted

SIGNATURE_HEADER = "X-Emutrack-Signature"
TIMESTAMP_HEADER = "X-Emutrack-Timestamp"
DELIVERY_HEADER = "X-Emutrack-Delivery"
EVENT_TYPE_HEADER = "X-Emutrack-Event"


COMPLETION_IDS = uuid.UUID("6f1c2a52-6d0e-4f4e-9a53-0d3f1f6b7e21")


def delivery_id(event_id: str, recipient_key: str, channel: str) -> str:
    """The id of the one delivery of an event to a recipient on a channel."""
    return f"{event_id}:{recipient_key}:{channel}"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how far apart a failing delivery is tried (seconds)."""

    max_attempts: int = 6
    initial: float = 30.0
    max_delay: float = 3600.0
    jitter: float = 30.0

    def delay_after(self, attempt_number: int) -> float | None:
        """Seconds until the next attempt after failed attempt `attempt_number`; None = give up."""
        if attempt_number >= self.max_attempts:
            return None
        wait = wait_exponential_jitter(multiplier=self.initial, max=self.max_delay, jitter=self.jitter)
        state = RetryCallState(None, None, (), {})  # type: ignore[arg-type]
        state.attempt_number = attempt_number
        return float(wait(state))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>` with the subscriber's secret."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def signature_valid(
    secret: str, signature: str, timestamp: int, body: bytes, now: float, tolerance: float = 300.0
) -> bool:
    """What a subscriber checks: the signature matches and the timestamp is recent (no replays)."""
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def completion_event(delivery: Mapping[str, Any]) -> Envelope:
    """`delivery.completed` of a finished delivery; its id derives from the delivery id (one per delivery)."""
    attempts = delivery.get("attempts") or []
    completed_at = delivery["completed_at"]
    if completed_at.tzinfo is None:
        completed_at = completed_at.replace(tzinfo=UTC)
    payload = DeliveryCompleted(
        delivery_id=delivery["_id"],
        event_id=delivery["event_id"],
        event_type=delivery["event_type"],
        channel=delivery["channel"],
        recipient=delivery["recipient"],
        unit_id=delivery["unit_id"],
        outcome=delivery["status"],
        attempts=max(1, len(attempts)),
        last_error=attempts[-1].get("error") if attempts else None,
        completed_at=completed_at,
    )
    return new_event(
        "delivery.completed",
        producer="notify",
        unit_path=list(delivery.get("unit_path") or [delivery["unit_id"]]),
        actor="notify",
        payload=payload,
        event_id=uuid.uuid5(COMPLETION_IDS, str(delivery["_id"])),
        occurred_at=completed_at,
    )
