"""Use cases of the notify service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import RegistrationSubmitted
from emutrack_kit.auth import Principal
from emutrack_kit.consumer import Position
from notify.adapters.repositories import Inbox
from notify.domain.routing import Recipient, registration_submitted_messages


@dataclass
class Deps:
    """What the use cases need."""

    inbox: Inbox


async def on_registration_submitted(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Put the news in every concerned inbox, once per (event, recipient, channel)."""
    payload = RegistrationSubmitted.model_validate(envelope.payload)
    for message in registration_submitted_messages(payload):
        await deps.inbox.deliver(str(envelope.event_id), message, envelope.occurred_at)


async def my_inbox(deps: Deps, principal: Principal, limit: int, skip: int) -> dict[str, Any]:
    """The caller's messages: those addressed to any role the caller holds at its unit."""
    recipients = [Recipient(b.role.value, b.unit_id).key for b in principal.bindings]
    return {
        "unread": await deps.inbox.unread(recipients),
        "items": await deps.inbox.list(recipients, limit, skip),
    }
