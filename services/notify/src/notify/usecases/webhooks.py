"""A unit's portal subscribes to its news as signed JSON, or unsubscribes (docs/decisions/0014)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound, Unprocessable
from notify.adapters.webhook_client import resolve
from notify.domain.settings import UNIT_ROLES, WebhookSubscription
from notify.domain.webhook_urls import UrlRefused, check_addresses, host_of
from notify.usecases.access import authorize_portal, roles_held
from notify.usecases.context import Context


@dataclass(frozen=True)
class Subscribe:
    """Subscribe a unit's portal to the news of some kinds (every kind if none are named)."""

    unit_id: str
    url: str
    kinds: Sequence[str]


async def add_webhook(ctx: Context, principal: Principal, command: Subscribe) -> WebhookSubscription:
    """Subscribe the unit's portal; the secret is returned once, here."""
    await authorize_portal(ctx, principal, command.unit_id)
    try:
        host = host_of(command.url)
        if ctx.production:
            check_addresses(await asyncio.to_thread(resolve, host))
    except UrlRefused as exc:
        raise Unprocessable(exc.code, str(exc), field="url") from exc
    # The portal hears what its subscriber may: news to the roles the subscriber holds at the unit.
    subscription = WebhookSubscription(
        subscription_id=secrets.token_hex(8),
        url=command.url,
        kinds=tuple(command.kinds),
        roles=tuple(roles_held(principal, command.unit_id) or UNIT_ROLES),
        secret=secrets.token_urlsafe(32),
        created_at=ctx.clock(),
        created_by=principal.subject,
    )
    await ctx.unit_settings.add_webhook(command.unit_id, subscription)
    return subscription


async def remove_webhook(ctx: Context, principal: Principal, unit_id: str, subscription_id: str) -> None:
    """Unsubscribe; deliveries not yet made to it are dead-lettered."""
    await authorize_portal(ctx, principal, unit_id)
    if not await ctx.unit_settings.remove_webhook(unit_id, subscription_id):
        raise NotFound("UNKNOWN_WEBHOOK", "Đơn vị không có đăng ký webhook này.", field="subscription_id")
