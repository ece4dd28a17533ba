"""MongoDB repository of the in-app inbox."""

from __future__ import annotations

from collections.abc import Sequence

from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.repository import Repository
from notify.domain.inbox import InboxMessage

NEWEST_FIRST = (("created_at", -1), ("_id", 1))


class Inbox(Repository):
    """In-app messages; one per (event, recipient, channel) by construction of the id."""

    collection_name = "inbox"

    async def ensure_indexes(self) -> None:
        """List a recipient's inbox newest first."""
        await self.collection.create_index([("recipient", 1), ("created_at", -1)])

    async def deliver(self, messages: Sequence[InboxMessage]) -> int:
        """Store each message once; returns how many were new (the others had reached their recipient)."""
        return len(await insert_new(self.collection, [_document(m) for m in messages]))

    async def of(self, recipients: Sequence[str], limit: int, skip: int) -> list[InboxMessage]:
        """Messages of the given recipients, newest first."""
        page = await self.page({"recipient": {"$in": list(recipients)}}, NEWEST_FIRST, limit, skip)
        return [_message(d) for d in page.items]

    async def mark_read(self, message_id: str, recipients: Sequence[str]) -> bool:
        """Mark a message read if it is addressed to one of the recipients; False if it is not theirs."""
        result = await self.collection.update_one(
            {"_id": message_id, "recipient": {"$in": list(recipients)}}, {"$set": {"read": True}}
        )
        return result.matched_count == 1

    async def count(self) -> int:
        """How many messages were delivered in all."""
        return await self.collection.count_documents({})

    async def unread(self, recipients: Sequence[str]) -> int:
        """How many messages are unread."""
        return await self.collection.count_documents({"recipient": {"$in": list(recipients)}, "read": False})


def _document(m: InboxMessage) -> Document:
    return {
        "_id": m.message_id,
        "event_id": m.event_id,
        "recipient": m.recipient,
        "channel": m.channel,
        "subject": m.subject,
        "body": m.body,
        "created_at": m.created_at,
        "read": m.read,
        "template_error": m.template_error,
    }


def _message(doc: Document) -> InboxMessage:
    return InboxMessage(
        message_id=doc["_id"],
        event_id=doc["event_id"],
        recipient=doc["recipient"],
        channel=doc["channel"],
        subject=doc["subject"],
        body=doc["body"],
        created_at=doc["created_at"],
        read=bool(doc.get("read")),
        template_error=doc.get("template_error"),
    )
