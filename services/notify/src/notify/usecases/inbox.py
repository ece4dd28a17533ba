"""A caller's in-app inbox: the messages to the roles it holds, and marking one read (docs/decisions/0013)."""

from __future__ import annotations

from dataclasses import dataclass

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound
from notify.domain.inbox import InboxMessage
from notify.usecases.access import inbox_recipients
from notify.usecases.context import Context


@dataclass(frozen=True)
class InboxPage:
    """A page of the caller's inbox, newest first, and how many of its messages are unread."""

    unread: int
    items: list[InboxMessage]


async def my_inbox(ctx: Context, principal: Principal, limit: int, skip: int) -> InboxPage:
    """The caller's messages: those addressed to any role the caller holds at its unit."""
    recipients = inbox_recipients(principal)
    return InboxPage(await ctx.inbox.unread(recipients), await ctx.inbox.of(recipients, limit, skip))


async def mark_read(ctx: Context, principal: Principal, message_id: str) -> None:
    """Mark one of the caller's messages read (another's is not found: its existence is not told)."""
    if not await ctx.inbox.mark_read(message_id, inbox_recipients(principal)):
        raise NotFound("UNKNOWN_MESSAGE", "Không tìm thấy thông báo này trong hộp thư của bạn.", field="id")
