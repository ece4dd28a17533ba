"""Use cases of the notify service: route each event to its recipients and fan it out; the inbox."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from emutrack_contracts import Envelope
from emutrack_kit.auth import Principal
from emutrack_kit.consumer import Position
from emutrack_kit.errors import NotFound
from notify.adapters.deadlines import DeadlineBook
from notify.adapters.deliveries import DeliveryBook
from notify.adapters.repositories import Inbox
from notify.adapters.templates import Templates
from notify.adapters.unit_settings import TemplateOverrides, UnitSettings
from notify.domain.channels import IN_APP
from notify.domain.delivery import RetryPolicy
from notify.domain.naming import Names, dossier_facts, named, wanted
from notify.domain.routing import Message, Recipient, Route, parse_routes, recipients_for
from notify.fanout import News, Renderer, fan_out


def default_routes() -> dict[str, tuple[Route, ...]]:
    """The shipped routing rules (notify/routes.json)."""
    return parse_routes(json.loads(resources.files("notify").joinpath("routes.json").read_text("utf-8")))


@dataclass
class Deps:
    """What the use cases need."""

    inbox: Inbox
    deadlines: DeadlineBook
    deliveries: DeliveryBook
    unit_settings: UnitSettings
    overrides: TemplateOverrides
    templates: Templates = field(default_factory=Templates)
    routes: dict[str, tuple[Route, ...]] = field(default_factory=default_routes)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    production: bool = False


def messages_for(
    routes: dict[str, tuple[Route, ...]],
    templates: Templates,
    event_type: str,
    payload: dict[str, Any],
    names: Names | None = None,
) -> list[Message]:
    """The in-app message for each recipient of the event (a plain fallback if its template fails)."""
    recipients = recipients_for(routes.get(event_type, ()), payload)
    if not recipients:
        return []
    news = News("", event_type, named(payload, names or Names()), datetime.now(UTC))
    subject, body, error = Renderer(templates, {}, news).render(IN_APP, [])
    return [Message(r, IN_APP, subject, body, error) for r in recipients]


async def with_names(deps: Deps, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with the names of the units, rounds and dossiers it names by id."""
    ids = wanted(payload)
    names = Names(
        units=await deps.deadlines.names(ids.units),
        rounds=await deps.deadlines.round_names(ids.rounds),
        dossiers=await deps.deadlines.dossiers(ids.dossiers),
    )
    return dict(named(payload, names))


async def on_event(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Tell every concerned recipient on its channels, once per (event, recipient, channel)."""
    payload = dict(envelope.payload)
    facts = dossier_facts(payload)
    if facts is not None:
        await deps.deadlines.keep_dossier(payload["dossier_id"], facts)
    recipients = recipients_for(deps.routes.get(envelope.event_type, ()), payload)
    news = News(
        str(envelope.event_id), envelope.event_type, await with_names(deps, payload), envelope.occurred_at
    )
    await fan_out(deps, news, recipients)


def _recipient_keys(principal: Principal) -> list[str]:
    return [Recipient(b.role.value, b.unit_id).key for b in principal.bindings]


async def my_inbox(deps: Deps, principal: Principal, limit: int, skip: int) -> dict[str, Any]:
    """The caller's messages: those addressed to any role the caller holds at its unit."""
    recipients = _recipient_keys(principal)
    return {
        "unread": await deps.inbox.unread(recipients),
        "items": await deps.inbox.list(recipients, limit, skip),
    }


async def mark_read(deps: Deps, principal: Principal, message_id: str) -> None:
    """Mark one of the caller's messages read (another's is not found: its existence is not told)."""
    if not await deps.inbox.mark_read(message_id, _recipient_keys(principal)):
        raise NotFound("UNKNOWN_MESSAGE", "Không tìm thấy thông báo này trong hộp thư của bạn.", field="id")
