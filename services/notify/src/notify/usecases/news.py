"""Tell everyone the routing rules name of an event, in words naming things, not ids (docs/decisions/0013)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import BaseModel

from notify.adapters.templates import Templates
from notify.domain.channels import IN_APP
from notify.domain.naming import Names, dossier_facts, named, unit_names, wanted
from notify.domain.outgoing import News, Payload
from notify.domain.routing import Message, recipients_for
from notify.usecases.context import Context, Routes
from notify.usecases.fanout import fan_out
from notify.usecases.rendering import Renderer


@dataclass(frozen=True)
class Heard:
    """An event notify heard: its id, type, payload (decoded by the contracts registry) and time."""

    event_id: str
    event_type: str
    payload: BaseModel
    occurred_at: datetime


async def tell(ctx: Context, heard: Heard) -> int:
    """Tell every concerned recipient on its channels, once per (event, recipient, channel)."""
    payload = heard.payload.model_dump(mode="json")
    facts = dossier_facts(payload)
    if facts is not None:
        await ctx.dossiers.keep(payload["dossier_id"], facts)
    recipients = recipients_for(ctx.routes.get(heard.event_type, ()), payload)
    news = News(heard.event_id, heard.event_type, await with_names(ctx, payload), heard.occurred_at)
    return await fan_out(ctx, news, recipients)


async def with_names(ctx: Context, payload: Payload) -> Payload:
    """The payload with the names of the units, rounds and dossiers it names by id."""
    ids = wanted(payload)
    names = Names(
        units=unit_names(await ctx.tree.tree(), ids.units),
        rounds=await ctx.rounds.names(ids.rounds),
        dossiers=await ctx.dossiers.facts(ids.dossiers),
    )
    return dict(named(payload, names))


def messages_for(
    routes: Routes, templates: Templates, event_type: str, payload: Payload, names: Names | None = None
) -> list[Message]:
    """The in-app message for each recipient of the event (a plain fallback if its template fails)."""
    recipients = recipients_for(routes.get(event_type, ()), payload)
    if not recipients:
        return []
    news = News("", event_type, named(payload, names or Names()), datetime.now(UTC))
    rendered = Renderer(templates, {}, news).render(IN_APP, [])
    return [Message(r, IN_APP, rendered.subject, rendered.body, rendered.error) for r in recipients]
