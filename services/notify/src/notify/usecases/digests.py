"""Queue the daily digests due: the e-mails a recipient chose to receive together (docs/decisions/0014)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from emutrack_kit.clock import HANOI
from notify.domain.channels import EMAIL
from notify.domain.delivery import DIGESTED, DROPPED
from notify.domain.digests import HeldItem, by_digest, digest_id, digest_payload, unassigned
from notify.domain.outgoing import News, Place, email_delivery
from notify.usecases.context import Context
from notify.usecases.rendering import Renderer


async def send_digests(ctx: Context, now: datetime, hour: int) -> int:
    """Queue the digests due (from `hour` o'clock, Hà Nội time); returns how many were new."""
    local = now.astimezone(HANOI)
    if local.hour < hour:
        return 0
    today = local.date().isoformat()
    for recipient, ids in unassigned(await ctx.digests.all(), today).items():
        await ctx.digests.assign(ids, digest_id(recipient, today, ids))
    new = 0
    # As stored: another sweep may have given the items their digest first.
    for the_id, items in by_digest(await ctx.digests.all()).items():
        queued = await _queue_digest(ctx, the_id, items, now)
        new += int(bool(queued))
        outcome = DROPPED if queued is None else DIGESTED
        await ctx.digests.release([i.delivery_id for i in items], the_id, outcome, now)
    return new


async def _queue_digest(ctx: Context, the_id: str, items: Sequence[HeldItem], now: datetime) -> bool | None:
    """True if the digest was queued now, False if it already was, None if its recipient has no address."""
    first = items[0]
    to = (await ctx.unit_settings.of(first.unit_id)).contacts_of(first.role)
    if not to:
        return None  # the unit removed the addresses since: the items stay in the in-app inbox
    news = News(the_id, "digest", digest_payload(the_id, items), now)
    rendered = Renderer(ctx.templates, {}, news).render(EMAIL, first.unit_path)
    email = email_delivery(news, first.recipient, Place(first.unit_id, first.unit_path), to, rendered)
    return await ctx.deliveries.record([email], []) > 0
