"""How deliveries are sent: e-mails over a few SMTP connections, webhook calls signed, a few dozen at once."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from notify.adapters.smtp import OutgoingEmail, SmtpMailer
from notify.adapters.webhook_client import WebhookClient, resolve
from notify.domain.delivery import NOT_PUBLIC, REMOVED, Delivery
from notify.domain.webhook_urls import UrlRefused, check_addresses, host_of
from notify.usecases.context import Context
from notify.usecases.deliveries import Sender


def email_sender(mailer: SmtpMailer, connections: int = 4) -> Sender:
    """Sends a batch of e-mail deliveries over a few SMTP connections at once."""

    async def send(batch: Sequence[Delivery]) -> list[str | None]:
        emails = [
            OutgoingEmail(d.delivery_id, [(c.name, c.email) for c in d.to], d.subject, d.body, d.html)
            for d in batch
        ]
        chunks = [emails[i::connections] for i in range(connections)]
        results = await asyncio.gather(*(mailer.send_all(chunk) for chunk in chunks))
        by_id = {
            e.delivery_id: r
            for chunk, rs in zip(chunks, results, strict=True)
            for e, r in zip(chunk, rs, strict=True)
        }
        return [by_id[d.delivery_id] for d in batch]

    return send


def webhook_sender(ctx: Context, client: WebhookClient, concurrency: int = 32) -> Sender:
    """POSTs a batch of webhook deliveries, signed with each subscription's current secret."""
    gate = asyncio.Semaphore(concurrency)

    async def one(delivery: Delivery) -> str | None:
        subscription = (await ctx.unit_settings.of(delivery.unit_id)).webhook(delivery.subscription_id)
        if subscription is None:
            return REMOVED
        if ctx.production:  # checked again at each send: the name may resolve elsewhere by now
            try:
                check_addresses(await asyncio.to_thread(resolve, host_of(delivery.url)))
            except UrlRefused as exc:
                return f"{NOT_PUBLIC}: {exc}"
        async with gate:
            body = delivery.content.encode("utf-8")
            return await client.post(
                delivery.url, subscription.secret, body, delivery.delivery_id, delivery.event_type
            )

    async def send(batch: Sequence[Delivery]) -> list[str | None]:
        return list(await asyncio.gather(*(one(d) for d in batch)))

    return send
