"""Daily digests: e-mails a recipient chose to receive together, sent once a day after a set hour.

Items of a Hà Nội day wait for the next day's digest. A sweep first gives each waiting item its
digest id, then queues that digest and releases the items, so a sweep that crashes half-way and
runs again sends the same digest once and never puts an item in two digests.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from emutrack_kit.clock import Clock
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import PollingLoop
from notify.domain.channels import EMAIL
from notify.domain.routing import HANOI
from notify.fanout import News, Renderer, contacts_of, email_delivery
from notify.handlers import Deps


def _day(at: datetime) -> str:
    return at.astimezone(HANOI).date().isoformat()


async def send_digests(deps: Deps, now: datetime, hour: int) -> int:
    """Queue today's digests (from `hour` o'clock, Hà Nội time); returns how many were new."""
    local = now.astimezone(HANOI)
    if local.hour < hour:
        return 0
    today = local.date().isoformat()
    held = [h for h in await deps.deliveries.held() if h.get("digest_id") or _day(h["at"]) < today]
    fresh: dict[str, list[str]] = defaultdict(list)
    for item in held:
        if not item.get("digest_id"):
            item["digest_id"] = f"digest:{item['recipient']}:{today}"
            fresh[item["digest_id"]].append(item["_id"])
    for digest_id, ids in fresh.items():
        await deps.deliveries.assign_digest(ids, digest_id)
    groups: dict[str, list[Document]] = defaultdict(list)
    for item in held:
        groups[item["digest_id"]].append(item)
    new = 0
    for digest_id, items in groups.items():
        new += await _queue_digest(deps, digest_id, items, now)
        await deps.deliveries.release_held([i["_id"] for i in items], digest_id)
    return new


async def _queue_digest(deps: Deps, digest_id: str, items: list[Document], now: datetime) -> int:
    first = items[0]
    role = first["recipient"].split("@", 1)[0]
    to = contacts_of(await deps.unit_settings.of(first["unit_id"]), role)
    if not to:
        return 0  # the unit removed the addresses since: the items stay in the in-app inbox
    payload = {
        "day": digest_id.rsplit(":", 1)[1],
        "items": [{"subject": i["subject"], "body": i["body"]} for i in items],
    }
    news = News(digest_id, "digest", payload, now)
    rendered = Renderer(deps.templates, {}, news).render(EMAIL, first["unit_path"])
    doc = email_delivery(
        news, first["recipient"], first["unit_id"], first["unit_path"], to, rendered, deps.templates
    )
    return await deps.deliveries.enqueue([doc])


class DigestSweeper(PollingLoop):
    """Queues the digests due every `interval` seconds (idempotent)."""

    def __init__(self, deps: Deps, clock: Clock, hour: int, interval: float = 300.0) -> None:
        super().__init__(interval)
        self._deps, self._clock, self._hour = deps, clock, hour

    async def publish_pending(self) -> int:
        """One pass."""
        await send_digests(self._deps, self._clock(), self._hour)
        return 0
