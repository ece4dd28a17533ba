"""Every MongoDB query of the notify service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document, insert_new
from notify.domain.routing import Message


class Inbox:
    """In-app messages; one per (event, recipient, channel) by construction of the id."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._items = db["inbox"]

    async def ensure_indexes(self) -> None:
        """List a recipient's inbox newest first."""
        await self._items.create_index([("recipient", 1), ("created_at", -1)])

    @staticmethod
    def document(event_id: str, message: Message, created_at: datetime) -> Document:
        """The stored message; its id is (event, recipient, channel)."""
        return {
            "_id": f"{event_id}:{message.recipient.key}:{message.channel}",
            "event_id": event_id,
            "recipient": message.recipient.key,
            "channel": message.channel,
            "subject": message.subject,
            "body": message.body,
            "created_at": created_at,
            "read": False,
            "template_error": message.template_error,
        }

    async def deliver(self, messages: Sequence[Document]) -> int:
        """Store each message once; returns how many were new (the others had reached their recipient)."""
        return len(await insert_new(self._items, messages))

    async def list(self, recipients: Sequence[str], limit: int, skip: int) -> list[Document]:
        """Messages of the given recipients, newest first."""
        query = {"recipient": {"$in": list(recipients)}}
        return await self._items.find(query).sort([("created_at", -1), ("_id", 1)]).skip(skip).to_list(limit)

    async def mark_read(self, message_id: str, recipients: Sequence[str]) -> bool:
        """Mark a message read if it is addressed to one of the recipients; False if it is not theirs."""
        result = await self._items.update_one(
            {"_id": message_id, "recipient": {"$in": list(recipients)}}, {"$set": {"read": True}}
        )
        return result.matched_count == 1

    async def get(self, message_id: str) -> Document | None:
        """One message, as stored."""
        return await self._items.find_one({"_id": message_id})

    async def count(self) -> int:
        """How many messages were delivered in all."""
        return await self._items.count_documents({})

    async def unread(self, recipients: Sequence[str]) -> int:
        """How many messages are unread."""
        return await self._items.count_documents({"recipient": {"$in": list(recipients)}, "read": False})
