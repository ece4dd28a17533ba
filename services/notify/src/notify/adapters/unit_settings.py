"""MongoDB repositories of what units set for their notifications, and of the levels' templates.

Everything a unit sets lives in ONE document (`_id` = unit id), so fanning an event out to
thousands of units costs one `_id` read per unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from pymongo import ReturnDocument

from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository
from notify.domain.channels import Preferences, parse_preferences
from notify.domain.settings import (
    Contact,
    ExtraRecipient,
    TemplateOverride,
    UnitSettings,
    WebhookSubscription,
)


class UnitSettingsBook(Repository):
    """Per unit: e-mail contacts per role, extra recipients, webhook subscriptions, preferences per role."""

    collection_name = "unit_settings"

    async def of(self, unit_id: str) -> UnitSettings:
        """A unit's settings (empty ones if it never set any)."""
        return _settings(await self.collection.find_one({"_id": unit_id}) or {"_id": unit_id})

    async def set_contacts(
        self,
        unit_id: str,
        contacts: Mapping[str, Sequence[Contact]],
        extra: Sequence[ExtraRecipient],
        at: datetime,
    ) -> UnitSettings:
        """Replace the unit's contacts and extra recipients."""
        fields = {
            "contacts": {role: [_contact(c) for c in people] for role, people in contacts.items()},
            "extra": [{**_contact(e.contact), "kinds": list(e.kinds)} for e in extra],
            "updated_at": at,
        }
        return await self._set(unit_id, fields)

    async def set_preferences(
        self, unit_id: str, role: str, preferences: Preferences, at: datetime
    ) -> UnitSettings:
        """Replace the preferences of one role of the unit."""
        return await self._set(unit_id, {f"preferences.{role}": preferences.to_document(), "updated_at": at})

    async def add_webhook(self, unit_id: str, subscription: WebhookSubscription) -> None:
        """Add a webhook subscription."""
        await self.collection.update_one(
            {"_id": unit_id},
            {"$push": {"webhooks": _webhook(subscription)}, "$inc": {"version": 1}},
            upsert=True,
        )

    async def remove_webhook(self, unit_id: str, subscription_id: str) -> bool:
        """Remove a webhook subscription; False if the unit has none with this id."""
        # FerretDB's $pull matches whole subdocuments only, so the list is rewritten (compare-and-set).
        while True:
            doc = await self.collection.find_one({"_id": unit_id})
            hooks = (doc or {}).get("webhooks") or []
            kept = [w for w in hooks if w["id"] != subscription_id]
            if doc is None or len(kept) == len(hooks):
                return False
            result = await self.collection.update_one(
                {"_id": unit_id, "version": doc.get("version")},
                {"$set": {"webhooks": kept}, "$inc": {"version": 1}},
            )
            if result.modified_count == 1:
                return True

    async def _set(self, unit_id: str, fields: Document) -> UnitSettings:
        doc = await self.collection.find_one_and_update(
            {"_id": unit_id},
            {"$set": fields, "$inc": {"version": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        return _settings(doc or {"_id": unit_id})


def _contact(c: Contact) -> Document:
    return {"name": c.name, "email": c.email}


def _webhook(w: WebhookSubscription) -> Document:
    return {
        "id": w.subscription_id,
        "url": w.url,
        "kinds": list(w.kinds),
        "roles": list(w.roles),
        "secret": w.secret,
        "created_at": w.created_at,
        "created_by": w.created_by,
    }


def _settings(doc: Document) -> UnitSettings:
    return UnitSettings(
        unit_id=doc["_id"],
        contacts={
            role: tuple(Contact(c.get("name", ""), c["email"]) for c in people)
            for role, people in (doc.get("contacts") or {}).items()
        },
        extra=tuple(
            ExtraRecipient(e.get("name", ""), e["email"], tuple(e.get("kinds") or ()))
            for e in doc.get("extra") or []
        ),
        webhooks=tuple(
            WebhookSubscription(
                subscription_id=w["id"],
                url=w["url"],
                kinds=tuple(w.get("kinds") or ()),
                roles=tuple(w.get("roles") or ()),
                secret=w.get("secret", ""),
                created_at=w.get("created_at"),
                created_by=w.get("created_by"),
            )
            for w in doc.get("webhooks") or []
        ),
        preferences={role: parse_preferences(p or {}) for role, p in (doc.get("preferences") or {}).items()},
        version=doc.get("version"),
    )


class TemplateOverrides(Repository):
    """Templates a level's standing office wrote in place of the shipped ones, for its subtree."""

    collection_name = "template_overrides"

    async def all(self) -> dict[tuple[str, str, str], str]:
        """(level unit, event type, channel) -> template text (the collection is small)."""
        return {
            (d["level_unit_id"], d["event_type"], d["channel"]): d["text"]
            for d in await self.collection.find({}).to_list(None)
        }

    async def of_level(self, level_unit_id: str) -> list[TemplateOverride]:
        """The overrides a level wrote."""
        docs = await self.collection.find({"level_unit_id": level_unit_id}).sort("_id", 1).to_list(None)
        return [
            TemplateOverride(d["level_unit_id"], d["event_type"], d["channel"], d["text"], d["updated_at"])
            for d in docs
        ]

    async def put(self, override: TemplateOverride) -> None:
        """Write or replace one override."""
        fields = {
            "level_unit_id": override.level_unit_id,
            "event_type": override.event_type,
            "channel": override.channel,
            "text": override.text,
            "updated_at": override.updated_at,
        }
        the_id = _override_id(override.level_unit_id, override.event_type, override.channel)
        await self.collection.replace_one({"_id": the_id}, fields, upsert=True)

    async def delete(self, level_unit_id: str, event_type: str, channel: str) -> bool:
        """Remove an override (the shipped template applies again); False if there was none."""
        result = await self.collection.delete_one({"_id": _override_id(level_unit_id, event_type, channel)})
        return result.deleted_count == 1


def _override_id(level_unit_id: str, event_type: str, channel: str) -> str:
    return f"{level_unit_id}|{event_type}|{channel}"
