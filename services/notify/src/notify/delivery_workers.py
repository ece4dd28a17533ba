"""Delivery workers: one polling loop per outside channel sends what is due, logs each attempt, retries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from emutrack_kit.clock import Clock
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import PollingLoop
from notify.adapters.deliveries import DEAD, SENT
from notify.adapters.smtp import OutgoingEmail, SmtpMailer
from notify.adapters.webhook_client import WebhookClient, resolve
from notify.domain.webhook_urls import UrlRefused, check_addresses, host_of
from notify.handlers import Deps

log = logging.getLogger(__name__)

Sender = Callable[[Sequence[Document]], Awaitable[list[str | None]]]
REMOVED = "WEBHOOK_REMOVED: the subscription was removed"
NOT_PUBLIC = "WEBHOOK_URL_NOT_PUBLIC"


async def record_outcomes(deps: Deps, tried: Sequence[tuple[Document, str | None]], now: datetime) -> None:
    """Log each attempt; then done, retried after a backoff, or dead-lettered when the policy gives up."""
    finished, failed = [], []
    for delivery, error in tried:
        number = len(delivery.get("attempts") or []) + 1
        attempt = {"number": number, "at": now, "outcome": "ok" if error is None else "error", "error": error}
        if error is None:
            finished.append((delivery, attempt, SENT))
            continue
        permanent = error == REMOVED or error.startswith(NOT_PUBLIC)
        delay = None if permanent else deps.retry.delay_after(number)
        if delay is None:
            log.warning("delivery %s dead-lettered after %d attempts: %s", delivery["_id"], number, error)
            finished.append((delivery, attempt, DEAD))
        else:
            failed.append((delivery, attempt, now + timedelta(seconds=delay)))
    await deps.deliveries.finish(finished)
    await deps.deliveries.record_failures(failed)


class DeliveryWorker(PollingLoop):
    """Claims due deliveries of one channel, sends them, records the outcomes (several may run)."""

    def __init__(
        self,
        deps: Deps,
        channel: str,
        send: Sender,
        clock: Clock,
        *,
        batch: int = 200,
        idle: float = 0.5,
        lease_seconds: float = 600.0,
    ) -> None:
        super().__init__(idle)
        self._deps, self._channel, self._send, self._clock, self._batch = deps, channel, send, clock, batch
        self.lease = timedelta(seconds=lease_seconds)

    async def publish_pending(self) -> int:
        """One batch; returns how many deliveries were tried (0 = idle)."""
        claimed = await self._deps.deliveries.claim(self._channel, self._clock(), self.lease, self._batch)
        if not claimed:
            return 0
        errors = await self._send(claimed)
        await record_outcomes(self._deps, list(zip(claimed, errors, strict=True)), self._clock())
        return len(claimed)


def email_sender(mailer: SmtpMailer, connections: int = 4) -> Sender:
    """Sends a batch of e-mail deliveries over a few SMTP connections at once."""

    async def send(batch: Sequence[Document]) -> list[str | None]:
        emails = [
            OutgoingEmail(
                d["_id"],
                [(c.get("name", ""), c["email"]) for c in d["to"]],
                d["subject"],
                d["body"],
                d["html"],
            )
            for d in batch
        ]
        chunks = [emails[i::connections] for i in range(connections)]
        results = await asyncio.gather(*(mailer.send_all(chunk) for chunk in chunks))
        by_id = {
            e.delivery_id: r
            for chunk, rs in zip(chunks, results, strict=True)
            for e, r in zip(chunk, rs, strict=True)
        }
        return [by_id[d["_id"]] for d in batch]

    return send


def webhook_sender(deps: Deps, client: WebhookClient, concurrency: int = 32) -> Sender:
    """POSTs a batch of webhook deliveries, signed with each subscription's current secret."""
    gate = asyncio.Semaphore(concurrency)

    async def one(delivery: Document) -> str | None:
        settings = await deps.unit_settings.of(delivery["unit_id"])
        subscription = next(
            (w for w in settings.get("webhooks") or [] if w["id"] == delivery["subscription_id"]), None
        )
        if subscription is None:
            return REMOVED
        if deps.production:  # checked again at each send: the name may resolve elsewhere by now
            try:
                check_addresses(await asyncio.to_thread(resolve, host_of(delivery["url"])))
            except UrlRefused as exc:
                return f"{NOT_PUBLIC}: {exc}"
        async with gate:
            body = delivery["content"].encode("utf-8")
            return await client.post(
                delivery["url"], subscription["secret"], body, delivery["_id"], delivery["event_type"]
            )

    async def send(batch: Sequence[Document]) -> list[str | None]:
        return list(await asyncio.gather(*(one(d) for d in batch)))

    return send
