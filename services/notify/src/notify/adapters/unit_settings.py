"""MongoDB queries of what units set for their notifications: contacts, webhooks, preferences, templates.

Everything a unit sets lives in ONE document (`_id` = unit id), so fanning an event out to
thousands of units costs one `_id` read per unit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document


class UnitSettings:
    """Per unit: e-mail contacts per role, extra recipients, webhook subscriptions, preferences per role."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._units = db["unit_settings"]

    async def of(self, unit_id: str) -> Document:
        """A unit's settings (empty ones if it never set any)."""
        return await self._units.find_one({"_id": unit_id}) or {"_id": unit_id}

    async def set_contacts(
        self, unit_id: str, roles: dict[str, list[dict[str, Any]]], extra: list[dict[str, Any]], at: datetime
    ) -> Document:
        """Replace the unit's contacts and extra recipients."""
        return await self._set(unit_id, {"contacts": roles, "extra": extra, "updated_at": at})

    async def set_preferences(self, unit_id: str, role: str, preferences: Document, at: datetime) -> Document:
        """Replace the preferences of one role of the unit."""
        return await self._set(unit_id, {f"preferences.{role}": preferences, "updated_at": at})

    async def add_webhook(self, unit_id: str, subscription: Document) -> None:
        """Add a webhook subscription."""
        await self._units.update_one(
            {"_id": unit_id}, {"$push": {"webhooks": subscription}, "$inc": {"version": 1}}, upsert=True
        )

    async def remove_webhook(self, unit_id: str, subscription_id: str) -> bool:
        """Remove a webhook subscription; False if the unit has none with this id."""
        # FerretDB's $pull matches whole subdocuments only, so the list is rewritten (compare-and-set).
        while True:
            doc = await self._units.find_one({"_id": unit_id})
            hooks = (doc or {}).get("webhooks") or []
            kept = [w for w in hooks if w["id"] != subscription_id]
            if doc is None or len(kept) == len(hooks):
                return False
            result = await self._units.update_one(
                {"_id": unit_id, "version": doc.get("version")},
                {"$set": {"webhooks": kept}, "$inc": {"version": 1}},
            )
            if result.modified_count == 1:
                return True

    async def _set(self, unit_id: str, fields: Document) -> Document:
        doc = await self._units.find_one_and_update(
            {"_id": unit_id},
            {"$set": fields, "$inc": {"version": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        assert doc is not None
        return doc


class TemplateOverrides:
    """Templates a level's standing office wrote in place of the shipped ones, for its subtree."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._items = db["template_overrides"]

    async def all(self) -> dict[tuple[str, str, str], str]:
        """(level unit, event type, channel) -> template text (the collection is small)."""
        return {
            (d["level_unit_id"], d["event_type"], d["channel"]): d["text"]
            for d in await self._items.find({}).to_list(None)
        }

    async def of_level(self, level_unit_id: str) -> list[Document]:
        """The overrides a level wrote."""
        return await self._items.find({"level_unit_id": level_unit_id}).sort("_id", 1).to_list(None)

    async def put(self, level_unit_id: str, event_type: str, channel: str, text: str, at: datetime) -> None:
        """Write or replace one override."""
        fields = {
            "level_unit_id": level_unit_id,
            "event_type": event_type,
            "channel": channel,
            "text": text,
            "updated_at": at,
        }
        await self._items.replace_one({"_id": f"{level_unit_id}|{event_type}|{channel}"}, fields, upsert=True)

    async def delete(self, level_unit_id: str, event_type: str, channel: str) -> bool:
        """Remove an override (the shipped template applies again); False if there was none."""
        result = await self._items.delete_one({"_id": f"{level_unit_id}|{event_type}|{channel}"})
        return result.deleted_count == 1
