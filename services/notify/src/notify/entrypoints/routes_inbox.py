"""HTTP routes of the caller's in-app inbox."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from emutrack_kit.auth import Principal
from notify.entrypoints.guards import Authenticated
from notify.entrypoints.schemas import InboxItem, InboxPage
from notify.usecases import inbox
from notify.usecases.context import Context


def inbox_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes of the inbox: a page of it, and marking a message read."""
    Caller = Annotated[Principal, Depends(authenticated)]
    router = APIRouter(tags=["inbox"])

    @router.get("/inbox")
    async def my_inbox(
        caller: Caller,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> InboxPage:
        page = await inbox.my_inbox(ctx, caller, limit, skip)
        items = [
            InboxItem(
                id=m.message_id,
                recipient=m.recipient,
                subject=m.subject,
                body=m.body,
                created_at=m.created_at,
                read=m.read,
            )
            for m in page.items
        ]
        return InboxPage(unread=page.unread, items=items)

    @router.post("/inbox/{message_id}/read", status_code=204)
    async def mark_read(message_id: str, caller: Caller) -> None:
        await inbox.mark_read(ctx, caller, message_id)

    return router
