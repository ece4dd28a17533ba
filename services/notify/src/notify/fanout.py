"""Fan one piece of news out to its recipients on every channel they chose, each delivery once.

In-app messages are stored at once. E-mails and webhook calls are logged and queued (or held for
the recipient's digest); the delivery workers send them, so a slow or dead channel never holds up
the consumer or the other channels. Every id derives from the news and the recipient.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from emutrack_kit.mongo import Document
from notify.adapters.repositories import Inbox
from notify.adapters.templates import Templates, fallback
from notify.domain.channels import EMAIL, IN_APP, WEBHOOK, kind_of, parse_preferences
from notify.domain.delivery import delivery_id
from notify.domain.routing import Message, Recipient

log = logging.getLogger(__name__)
PORTAL_DEFAULT_ROLES = ("unit_officer", "unit_head")  # a subscription that names no roles hears these


@dataclass(frozen=True)
class News:
    """What to tell: an event (or a reminder) with a stable key, its type, payload and time."""

    key: str
    event_type: str
    payload: dict[str, Any]
    occurred_at: datetime


class Renderer:
    """Renders the news once per (channel, template used), with the levels' overrides applied."""

    def __init__(
        self, templates: Templates, overrides: Mapping[tuple[str, str, str], str], news: News
    ) -> None:
        self._templates, self._overrides, self._news = templates, overrides, news
        self._done: dict[tuple[str, str | None], tuple[str, str, str | None]] = {}

    def _override(self, channel: str, path: Sequence[str]) -> str | None:
        for unit in reversed(path):  # the nearest level's override wins
            text = self._overrides.get((unit, self._news.event_type, channel))
            if text is not None:
                return text
        return None

    def render(self, channel: str, path: Sequence[str]) -> tuple[str, str, str | None]:
        """(subject, body, template error or None) for a recipient at `path`."""
        override = self._override(channel, path)
        cache_key = (channel, override)
        if cache_key not in self._done:
            news = self._news
            try:
                subject, body = self._templates.render(news.event_type, channel, news.payload, override)
                self._done[cache_key] = (subject, body, None)
            except Exception as exc:  # a level's template may fail in any way: fall back
                log.warning(
                    "template of %s/%s failed, sending the plain fallback: %s", news.event_type, channel, exc
                )
                subject, body = fallback(news.event_type, news.payload)
                self._done[cache_key] = (subject, body, f"{type(exc).__name__}: {exc}")
        return self._done[cache_key]


def contacts_of(settings: Document, role: str) -> list[dict[str, str]]:
    return list((settings.get("contacts") or {}).get(role) or [])


def _wants(subscriber: Mapping[str, Any], kind: str) -> bool:
    kinds = subscriber.get("kinds") or []
    return not kinds or kind in kinds


def email_delivery(
    news: News,
    recipient_key: str,
    unit_id: str,
    path: Sequence[str],
    to: list[dict[str, str]],
    rendered: tuple[str, str, str | None],
    templates: Templates,
) -> Document:
    """The logged e-mail delivery of the news to one recipient's addresses."""
    subject, body, error = rendered
    return {
        "_id": delivery_id(news.key, recipient_key, EMAIL),
        "event_id": news.key,
        "event_type": news.event_type,
        "channel": EMAIL,
        "recipient": recipient_key,
        "unit_id": unit_id,
        "unit_path": list(path),
        "to": to,
        "subject": subject,
        "body": body,
        "html": templates.html(subject, body),
        "template_error": error,
        "created_at": news.occurred_at,
    }


def _webhook_doc(
    news: News,
    unit_id: str,
    path: Sequence[str],
    subscriber: Mapping[str, Any],
    roles: list[str],
    rendered: tuple[str, str, str | None],
) -> Document:
    subject, body, error = rendered
    recipient_key = f"webhook@{unit_id}"
    the_id = delivery_id(news.key, recipient_key, f"{WEBHOOK}:{subscriber['id']}")
    content = {
        "delivery_id": the_id,
        "event_id": news.key,
        "event_type": news.event_type,
        "kind": kind_of(news.event_type),
        "unit_id": unit_id,
        "roles": roles,
        "subject": subject,
        "text": body,
        "occurred_at": news.occurred_at.isoformat(),
        "payload": news.payload,
    }
    return {
        "_id": the_id,
        "event_id": news.key,
        "event_type": news.event_type,
        "channel": WEBHOOK,
        "recipient": recipient_key,
        "unit_id": unit_id,
        "unit_path": list(path),
        "subscription_id": subscriber["id"],
        "url": subscriber["url"],
        "content": json.dumps(content, ensure_ascii=False, sort_keys=True, default=str),
        "subject": subject,
        "template_error": error,
        "created_at": news.occurred_at,
    }


@dataclass
class Outgoing:
    """What a fan-out writes: in-app messages, deliveries to queue, deliveries held for digests."""

    inbox: list[Document] = field(default_factory=list)
    queued: list[Document] = field(default_factory=list)
    held: list[Document] = field(default_factory=list)


def plan(
    news: News,
    roles: Sequence[Recipient],
    settings: Document,
    path: Sequence[str],
    renderer: Renderer,
    templates: Templates,
    out: Outgoing,
) -> None:
    """What to write for the news to one unit's recipients, by their preferences and the unit's settings."""
    unit_id, kind = roles[0].unit_id, kind_of(news.event_type)
    webhook_wanted = False
    for recipient in roles:
        prefs = parse_preferences((settings.get("preferences") or {}).get(recipient.role) or {})
        channels = prefs.channels_for(kind)
        subject, body, error = renderer.render(IN_APP, path)
        out.inbox.append(
            Inbox.document(news.key, Message(recipient, IN_APP, subject, body, error), news.occurred_at)
        )
        webhook_wanted |= WEBHOOK in channels
        to = contacts_of(settings, recipient.role)
        if EMAIL in channels and to:
            doc = email_delivery(
                news, recipient.key, unit_id, path, to, renderer.render(EMAIL, path), templates
            )
            (out.held if prefs.digests(kind) else out.queued).append(doc)
    for extra in settings.get("extra") or []:
        if _wants(extra, kind):
            key = f"extra:{extra['email']}@{unit_id}"
            to = [{"name": extra.get("name", ""), "email": extra["email"]}]
            out.queued.append(
                email_delivery(news, key, unit_id, path, to, renderer.render(EMAIL, path), templates)
            )
    if webhook_wanted:
        for subscriber in settings.get("webhooks") or []:
            allowed = subscriber.get("roles") or PORTAL_DEFAULT_ROLES
            role_names = [r.role for r in roles if r.role in allowed]
            if role_names and _wants(subscriber, kind):
                rendered = renderer.render(WEBHOOK, path)
                out.queued.append(_webhook_doc(news, unit_id, path, subscriber, role_names, rendered))


async def fan_out(deps: Any, news: News, recipients: Sequence[Recipient]) -> int:
    """Deliver the news to every recipient on its channels; returns how many deliveries were new."""
    return await fan_out_all(deps, [(news, recipients)])


async def fan_out_all(deps: Any, items: Sequence[tuple[News, Sequence[Recipient]]], reads: int = 32) -> int:
    """Deliver several pieces of news at once: units' settings read concurrently, writes in bulk."""
    by_unit: dict[tuple[int, str], list[Recipient]] = {}
    for index, (_, recipients) in enumerate(items):
        for r in recipients:
            by_unit.setdefault((index, r.unit_id), []).append(r)
    if not by_unit:
        return 0
    unit_ids = sorted({unit for _, unit in by_unit})
    gate = asyncio.Semaphore(reads)

    async def read(unit_id: str) -> tuple[Document, list[str]]:
        async with gate:
            return await deps.unit_settings.of(unit_id), await deps.deadlines.path_of(unit_id)

    known = dict(zip(unit_ids, await asyncio.gather(*(read(u) for u in unit_ids)), strict=True))
    overrides = await deps.overrides.all()
    renderers = [Renderer(deps.templates, overrides, news) for news, _ in items]
    out = Outgoing()
    for (index, unit_id), roles in by_unit.items():
        settings, path = known[unit_id]
        plan(items[index][0], roles, settings, path, renderers[index], deps.templates, out)
    new = await deps.inbox.deliver(out.inbox)
    new += await deps.deliveries.record(out.queued, out.held)
    return int(new)
