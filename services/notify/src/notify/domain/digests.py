"""Daily digests: e-mails a recipient chose to receive together, sent once a day after a set hour.

Items of a Hà Nội day wait for a later day's digest. A sweep first gives each waiting item a
digest id (fixed by the items it carries), then queues that digest and releases the items. A
sweep that crashes half-way, or runs twice, or in two processes, sends each digest once and never
puts an item in two digests or in none (docs/decisions/0014).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from emutrack_kit.clock import HANOI
from notify.domain.outgoing import Payload


@dataclass(frozen=True)
class HeldItem:
    """An e-mail held for its recipient's digest, until a digest takes it."""

    delivery_id: str
    recipient: str
    unit_id: str
    unit_path: tuple[str, ...]
    at: datetime
    subject: str
    body: str
    digest_id: str | None = None

    @property
    def role(self) -> str:
        """The recipient's role (its e-mail addresses are the role's at the unit)."""
        return self.recipient.split("@", 1)[0]


def digest_id(recipient: str, day: str, item_ids: list[str]) -> str:
    """A digest's id: its recipient, day and items (so a later batch the same day is another digest)."""
    items = hashlib.sha256("\n".join(sorted(item_ids)).encode()).hexdigest()[:16]
    return f"digest:{recipient}:{day}:{items}"


def day_of_digest(the_id: str) -> str:
    """The day (ISO) a digest was made on."""
    return the_id.split(":")[2]


def unassigned(items: Iterable[HeldItem], today: str) -> dict[str, list[str]]:
    """Recipient -> the items of days before `today` that no digest took yet."""
    fresh: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if not item.digest_id and item.at.astimezone(HANOI).date().isoformat() < today:
            fresh[item.recipient].append(item.delivery_id)
    return fresh


def by_digest(items: Iterable[HeldItem]) -> dict[str, list[HeldItem]]:
    """Digest id -> the items given to it."""
    groups: dict[str, list[HeldItem]] = defaultdict(list)
    for item in items:
        if item.digest_id:
            groups[item.digest_id].append(item)
    return groups


def digest_payload(the_id: str, items: Iterable[HeldItem]) -> Payload:
    """What the digest's template reads: its day and the items' subjects and bodies."""
    return {"day": day_of_digest(the_id), "items": [{"subject": i.subject, "body": i.body} for i in items]}
