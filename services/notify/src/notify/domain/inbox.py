"""The in-app inbox: the record of what each recipient was told (docs/decisions/0013)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from notify.domain.delivery import delivery_id
from notify.domain.routing import Message


@dataclass(frozen=True)
class InboxMessage:
    """One in-app message; one per (event, recipient, channel) by construction of its id."""

    message_id: str
    event_id: str
    recipient: str
    channel: str
    subject: str
    body: str
    created_at: datetime
    read: bool = False
    template_error: str | None = None


def for_inbox(event_id: str, message: Message, created_at: datetime) -> InboxMessage:
    """The stored form of a message: its id is (event, recipient, channel)."""
    return InboxMessage(
        message_id=delivery_id(event_id, message.recipient.key, message.channel),
        event_id=event_id,
        recipient=message.recipient.key,
        channel=message.channel,
        subject=message.subject,
        body=message.body,
        created_at=created_at,
        template_error=message.template_error,
    )
