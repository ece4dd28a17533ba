"""HTTP routes of what units set for their notifications: contacts, webhooks, preferences."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from emutrack_kit.auth import Principal
from notify.domain.settings import Contact, ExtraRecipient, UnitSettings, WebhookSubscription
from notify.entrypoints.guards import Authenticated, guard
from notify.entrypoints.schemas import ContactRole, ContactsBody, PreferencesBody, WebhookBody
from notify.usecases import access, unit_settings, webhooks
from notify.usecases.context import Context


def settings_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes of a unit's notification settings: contacts, portals' webhooks, each role's preferences."""
    Caller = Annotated[Principal, Depends(authenticated)]
    Keeper = Annotated[Principal, guard(ctx, authenticated, access.authorize_keeper, "unit_id")]
    Portal = Annotated[Principal, guard(ctx, authenticated, access.authorize_portal, "unit_id")]
    Chooser = Annotated[Principal, guard(ctx, authenticated, access.authorize_chooser, "unit_id", "role")]
    router = APIRouter(tags=["notification settings"])

    @router.get("/units/{unit_id}/notification-settings")
    async def get_settings(unit_id: str, caller: Caller) -> dict[str, Any]:
        return settings_answer(await unit_settings.unit_settings(ctx, caller, unit_id))

    @router.put("/units/{unit_id}/contacts")
    async def put_contacts(unit_id: str, body: ContactsBody, caller: Keeper) -> dict[str, Any]:
        command = unit_settings.SetContacts(
            unit_id,
            {r: [Contact(c.name, c.email) for c in people] for r, people in body.roles.items()},
            [ExtraRecipient(e.name, e.email, tuple(e.kinds)) for e in body.extra],
        )
        return settings_answer(await unit_settings.set_contacts(ctx, caller, command))

    @router.post("/units/{unit_id}/webhooks", status_code=201)
    async def post_webhook(unit_id: str, body: WebhookBody, caller: Portal) -> dict[str, Any]:
        subscription = await webhooks.add_webhook(
            ctx, caller, webhooks.Subscribe(unit_id, body.url, body.kinds)
        )
        return webhook_answer(subscription, with_secret=True)

    @router.delete("/units/{unit_id}/webhooks/{subscription_id}", status_code=204)
    async def delete_webhook(unit_id: str, subscription_id: str, caller: Caller) -> None:
        await webhooks.remove_webhook(ctx, caller, unit_id, subscription_id)

    @router.put("/units/{unit_id}/preferences/{role}")
    async def put_preferences(
        unit_id: str, role: ContactRole, body: PreferencesBody, caller: Chooser
    ) -> dict[str, Any]:
        command = unit_settings.ChoosePreferences(unit_id, role, body.channels, body.digest_kinds)
        return settings_answer(await unit_settings.choose_preferences(ctx, caller, command))

    return router


def settings_answer(settings: UnitSettings) -> dict[str, Any]:
    """A unit's settings as shown: webhook secrets are never shown again after creation."""
    return {
        "unit_id": settings.unit_id,
        "contacts": {
            role: [{"name": c.name, "email": c.email} for c in people]
            for role, people in settings.contacts.items()
        },
        "extra": [{"name": e.name, "email": e.email, "kinds": list(e.kinds)} for e in settings.extra],
        "webhooks": [webhook_answer(w, with_secret=False) for w in settings.webhooks],
        "preferences": {role: p.to_document() for role, p in settings.preferences.items()},
    }


def webhook_answer(w: WebhookSubscription, *, with_secret: bool) -> dict[str, Any]:
    """A subscription as shown (its secret only in the answer that created it)."""
    secret = {"secret": w.secret} if with_secret else {}
    return {
        "id": w.subscription_id,
        "url": w.url,
        "kinds": list(w.kinds),
        "roles": list(w.roles),
        **secret,
        "created_at": w.created_at,
        "created_by": w.created_by,
    }
