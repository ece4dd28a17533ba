"""What telling one piece of news to a unit's recipients writes: in-app messages and outside deliveries.

Each recipient's in-app message is always written (the inbox is the record of what it was told);
an e-mail goes to the role's addresses on the channels its preferences choose, at once or held
for the daily digest; extra recipients get the kinds they asked for; each portal gets one call per
piece of news, naming the roles it reached (docs/decisions/0014). Every id derives from the news
and the recipient, so telling the same news twice writes nothing new.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from notify.domain.channels import EMAIL, IN_APP, WEBHOOK, kind_of
from notify.domain.delivery import Delivery, delivery_id
from notify.domain.inbox import InboxMessage, for_inbox
from notify.domain.routing import Message, Recipient
from notify.domain.settings import Contact, UnitSettings, WebhookSubscription

# A payload as templates read it: free-form JSON, the event's own fields and the names set beside
# its ids (docs/decisions/0013).
Payload = dict[str, Any]


@dataclass(frozen=True)
class News:
    """What to tell: an event (or a reminder, a digest) with a stable key, its type, payload and time."""

    key: str
    event_type: str
    payload: Payload
    occurred_at: datetime


@dataclass(frozen=True)
class Rendered:
    """The news in one channel's words: subject, body, the template's error if the fallback was used."""

    subject: str
    body: str
    error: str | None = None
    html: str = ""  # e-mails only: the body in the e-mail layout


@dataclass(frozen=True)
class Place:
    """Where a delivery goes: the unit and its path from the root (itself last)."""

    unit_id: str
    path: tuple[str, ...]


Render = Callable[[str], Rendered]  # the news rendered for a channel, at the place being planned


@dataclass
class Outgoing:
    """What a fan-out writes: in-app messages, deliveries to queue, deliveries held for digests."""

    inbox: list[InboxMessage] = field(default_factory=list)
    queued: list[Delivery] = field(default_factory=list)
    held: list[Delivery] = field(default_factory=list)


def email_delivery(
    news: News, recipient_key: str, place: Place, to: Sequence[Contact], rendered: Rendered
) -> Delivery:
    """The logged e-mail delivery of the news to one recipient's addresses."""
    the_id = delivery_id(news.key, recipient_key, EMAIL)
    logged = _logged(news, the_id, EMAIL, recipient_key, place, rendered)
    return replace(logged, to=tuple(to), body=rendered.body, html=rendered.html)


def webhook_delivery(
    news: News, place: Place, subscription: WebhookSubscription, roles: Sequence[str], rendered: Rendered
) -> Delivery:
    """The logged call of one portal: the JSON body it receives, signed when sent."""
    recipient_key = f"webhook@{place.unit_id}"
    the_id = delivery_id(news.key, recipient_key, f"{WEBHOOK}:{subscription.subscription_id}")
    content = {
        "delivery_id": the_id,
        "event_id": news.key,
        "event_type": news.event_type,
        "kind": kind_of(news.event_type),
        "unit_id": place.unit_id,
        "roles": list(roles),
        "subject": rendered.subject,
        "text": rendered.body,
        "occurred_at": news.occurred_at.isoformat(),
        "payload": news.payload,
    }
    return replace(
        _logged(news, the_id, WEBHOOK, recipient_key, place, rendered),
        subscription_id=subscription.subscription_id,
        url=subscription.url,
        content=json.dumps(content, ensure_ascii=False, sort_keys=True, default=str),
    )


def _logged(
    news: News, the_id: str, channel: str, recipient_key: str, place: Place, rendered: Rendered
) -> Delivery:
    """What every delivery of the news records, whatever its channel."""
    return Delivery(
        delivery_id=the_id,
        event_id=news.key,
        event_type=news.event_type,
        channel=channel,
        recipient=recipient_key,
        unit_id=place.unit_id,
        unit_path=place.path,
        subject=rendered.subject,
        created_at=news.occurred_at,
        template_error=rendered.error,
    )


def plan(
    news: News,
    roles: Sequence[Recipient],
    settings: UnitSettings,
    place: Place,
    render: Render,
    out: Outgoing,
) -> None:
    """Add what to write for the news to one unit's recipients, by their preferences and its settings."""
    unit = _UnitPlan(news, kind_of(news.event_type), settings, place, render)
    webhook_wanted = unit.to_roles(roles, out)
    unit.to_extra_recipients(out)
    if webhook_wanted:
        unit.to_portals(roles, out)


@dataclass(frozen=True)
class _UnitPlan:
    news: News
    kind: str
    settings: UnitSettings
    place: Place
    render: Render

    def to_roles(self, roles: Sequence[Recipient], out: Outgoing) -> bool:
        """The roles' in-app messages and e-mails; True if one of them wants the news by webhook."""
        news, settings = self.news, self.settings
        webhook_wanted = False
        for recipient in roles:
            preferences = settings.preferences_of(recipient.role)
            channels = preferences.channels_for(self.kind)
            in_app = self.render(IN_APP)
            message = Message(recipient, IN_APP, in_app.subject, in_app.body, in_app.error)
            out.inbox.append(for_inbox(news.key, message, news.occurred_at))
            webhook_wanted |= WEBHOOK in channels
            to = settings.contacts_of(recipient.role)
            if EMAIL in channels and to:
                email = email_delivery(news, recipient.key, self.place, to, self.render(EMAIL))
                (out.held if preferences.digests(self.kind) else out.queued).append(email)
        return webhook_wanted

    def to_extra_recipients(self, out: Outgoing) -> None:
        """E-mails to the extra recipients who asked for news of this kind."""
        for extra in self.settings.extra:
            if extra.wants(self.kind):
                key = f"extra:{extra.email}@{self.place.unit_id}"
                out.queued.append(
                    email_delivery(self.news, key, self.place, [extra.contact], self.render(EMAIL))
                )

    def to_portals(self, roles: Sequence[Recipient], out: Outgoing) -> None:
        """One call per portal that hears news to some of these roles, of this kind."""
        for subscription in self.settings.webhooks:
            heard = subscription.hears(r.role for r in roles)
            if heard and subscription.wants(self.kind):
                rendered = self.render(WEBHOOK)
                out.queued.append(webhook_delivery(self.news, self.place, subscription, heard, rendered))
