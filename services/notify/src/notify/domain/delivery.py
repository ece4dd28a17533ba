"""Deliveries to the outside (e-mail, webhook): ids, the log's record, retries, webhook signatures.

A delivery is one message to one recipient on one channel; its id is built from the event and
the recipient, so the same event can never make a second delivery. Failed attempts are retried
with exponential backoff and jitter until the policy gives up, then the delivery is dead-lettered
(docs/decisions/0014).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from tenacity import RetryCallState, wait_exponential_jitter

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.notify import DeliveryCompleted
from notify.domain.settings import Contact

PENDING, HELD, SENT, DEAD = "pending", "held", "sent", "dead_lettered"
DIGESTED, DROPPED = "digested", "dropped"  # a held delivery's end: in a digest, or nobody to send it to
FINAL = frozenset({SENT, DEAD})
REMOVED = "WEBHOOK_REMOVED: the subscription was removed"
NOT_PUBLIC = "WEBHOOK_URL_NOT_PUBLIC"
SIGNATURE_HEADER = "X-Emutrack-Signature"
TIMESTAMP_HEADER = "X-Emutrack-Timestamp"
DELIVERY_HEADER = "X-Emutrack-Delivery"
EVENT_TYPE_HEADER = "X-Emutrack-Event"
COMPLETION_IDS = uuid.UUID("6f1c2a52-6d0e-4f4e-9a53-0d3f1f6b7e21")


def delivery_id(event_id: str, recipient_key: str, channel: str) -> str:
    """The id of the one delivery of an event to a recipient on a channel."""
    return f"{event_id}:{recipient_key}:{channel}"


@dataclass(frozen=True)
class Attempt:
    """One try of a delivery: `ok`, or `error` with what went wrong."""

    number: int
    at: datetime
    outcome: str
    error: str | None = None


@dataclass(frozen=True)
class Delivery:
    """One logged e-mail or webhook call with every attempt made so far.

    An e-mail carries its addresses, text and HTML; a webhook call its subscription, URL and JSON
    body. A claimed delivery carries `claim`, the token fencing the claiming worker's queue writes.
    """

    delivery_id: str
    event_id: str
    event_type: str
    channel: str
    recipient: str
    unit_id: str
    unit_path: tuple[str, ...]
    subject: str
    created_at: datetime
    template_error: str | None = None
    to: tuple[Contact, ...] = ()
    body: str = ""
    html: str = ""
    subscription_id: str = ""
    url: str = ""
    content: str = ""
    status: str = PENDING
    attempts: tuple[Attempt, ...] = ()
    completed_at: datetime | None = None
    digest_id: str | None = None
    claim: str | None = None


@dataclass(frozen=True)
class Ended:
    """The attempt ended the delivery: `status` is sent or dead-lettered."""

    delivery: Delivery
    attempt: Attempt
    status: str


@dataclass(frozen=True)
class Retried:
    """The attempt failed; the delivery is tried again at `due_at`."""

    delivery: Delivery
    attempt: Attempt
    due_at: datetime


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


def judge(delivery: Delivery, error: str | None, now: datetime, policy: RetryPolicy) -> Ended | Retried:
    """What one attempt (None = accepted) leads to: sent, retried later, or dead-lettered."""
    number = len(delivery.attempts) + 1
    attempt = Attempt(number, now, "ok" if error is None else "error", error)
    if error is None:
        return Ended(delivery, attempt, SENT)
    permanent = error == REMOVED or error.startswith(NOT_PUBLIC)
    delay = None if permanent else policy.delay_after(number)
    if delay is None:
        return Ended(delivery, attempt, DEAD)
    return Retried(delivery, attempt, now + timedelta(seconds=delay))


def ended(outcome: Ended) -> Delivery:
    """The delivery as the outcome leaves it."""
    d = outcome.delivery
    return replace(
        d, status=outcome.status, completed_at=outcome.attempt.at, attempts=(*d.attempts, outcome.attempt)
    )


def completion_event(delivery: Delivery) -> Envelope:
    """`delivery.completed` of a finished delivery; its id derives from the delivery id (one per delivery)."""
    completed_at = delivery.completed_at or delivery.created_at
    if completed_at.tzinfo is None:
        completed_at = completed_at.replace(tzinfo=UTC)
    attempts = delivery.attempts
    payload = DeliveryCompleted(
        delivery_id=delivery.delivery_id,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        channel=delivery.channel,
        recipient=delivery.recipient,
        unit_id=delivery.unit_id,
        outcome=delivery.status,
        attempts=max(1, len(attempts)),
        last_error=attempts[-1].error if attempts else None,
        completed_at=completed_at,
    )
    return new_event(
        "delivery.completed",
        unit_path=list(delivery.unit_path or (delivery.unit_id,)),
        actor="notify",
        payload=payload,
        event_id=uuid.uuid5(COMPLETION_IDS, delivery.delivery_id),
        occurred_at=completed_at,
    )
