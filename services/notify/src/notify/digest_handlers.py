"""Daily digests: e-mails a recipient chose to receive together, sent once a day after a set hour.

Items of a Hà Nội day wait for a later day's digest. A sweep first gives each waiting item a
digest id (fixed by the items it carries), then queues that digest and releases the items. A
sweep that crashes half-way, or runs twice, or in two processes, sends each digest once and never
puts an item in two digests or in none.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime

from emutrack_kit.clock import HANOI, Clock
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import PollingLoop
from notify.adapters.digest_queue import DIGESTED, DROPPED
from notify.domain.channels import EMAIL
from notify.fanout import News, Renderer, contacts_of, email_delivery
from notify.handlers import Deps


def _day(at: datetime) -> str:
    return at.astimezone(HANOI).date().isoformat()


def digest_id(recipient: str, day: str, item_ids: list[str]) -> str:
    """A digest's id: its recipient, day and items (so a later batch the same day is another digest)."""
    items = hashlib.sha256("\n".join(sorted(item_ids)).encode()).hexdigest()[:16]
    return f"digest:{recipient}:{day}:{items}"


async def send_digests(deps: Deps, now: datetime, hour: int) -> int:
    """Queue the digests due (from `hour` o'clock, Hà Nội time); returns how many were new."""
    local = now.astimezone(HANOI)
    if local.hour < hour:
        return 0
    today = local.date().isoformat()
    fresh: dict[str, list[str]] = defaultdict(list)
    for item in await deps.deliveries.digests.all():
        if not item.get("digest_id") and _day(item["at"]) < today:
            fresh[item["recipient"]].append(item["_id"])
    for recipient, ids in fresh.items():
        await deps.deliveries.digests.assign(ids, digest_id(recipient, today, ids))
    groups: dict[str, list[Document]] = defaultdict(list)
    for item in await deps.deliveries.digests.all():  # as stored: another sweep may have assigned first
        if item.get("digest_id"):
            groups[item["digest_id"]].append(item)
    new = 0
    for the_id, items in groups.items():
        queued = await _queue_digest(deps, the_id, items, now)
        new += queued
        outcome = DIGESTED if queued >= 0 else DROPPED
        await deps.deliveries.digests.release([i["_id"] for i in items], the_id, outcome, now)
    return new


async def _queue_digest(deps: Deps, the_id: str, items: list[Document], now: datetime) -> int:
    """1 if the digest was queued now, 0 if it already was, -1 if its recipient has no address."""
    first = items[0]
    role = first["recipient"].split("@", 1)[0]
    to = contacts_of(await deps.unit_settings.of(first["unit_id"]), role)
    if not to:
        return -1  # the unit removed the addresses since: the items stay in the in-app inbox
    day = the_id.split(":")[2]
    payload = {"day": day, "items": [{"subject": i["subject"], "body": i["body"]} for i in items]}
    news = News(the_id, "digest", payload, now)
    rendered = Renderer(deps.templates, {}, news).render(EMAIL, first["unit_path"])
    doc = email_delivery(
        news, first["recipient"], first["unit_id"], first["unit_path"], to, rendered, deps.templates
    )
    return await deps.deliveries.record([doc], [])


class DigestSweeper(PollingLoop):
    """Queues the digests due every `interval` seconds (idempotent)."""

    def __init__(self, deps: Deps, clock: Clock, hour: int, interval: float = 300.0) -> None:
        super().__init__(interval)
        self._deps, self._clock, self._hour = deps, clock, hour

    async def publish_pending(self) -> int:
        """One pass."""
        await send_digests(self._deps, self._clock(), self._hour)
        return 0
