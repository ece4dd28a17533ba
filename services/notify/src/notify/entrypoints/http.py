"""HTTP API of the notify service: the in-app inbox, units' notification settings, the delivery log."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query
from pydantic import BaseModel

from emutrack_kit.auth import Principal
from emutrack_kit.http import principal_dependency, service_app, verifier_for
from notify import bootstrap, handlers
from notify.config import Settings
from notify.entrypoints.http_settings import settings_router
from notify.handlers import Deps


class InboxItem(BaseModel):
    """One in-app message."""

    id: str
    recipient: str
    subject: str
    body: str
    created_at: datetime
    read: bool


class InboxPage(BaseModel):
    """A page of the caller's inbox and its unread count."""

    unread: int
    items: list[InboxItem]


def create_app(settings: Settings | None = None, deps: Deps | None = None) -> FastAPI:
    """The notify HTTP app."""
    settings = settings or Settings()
    d = deps or bootstrap.deps(settings)
    authenticated = principal_dependency(verifier_for(settings))
    Caller = Annotated[Principal, Depends(authenticated)]
    app = service_app("emutrack notify")
    router = APIRouter(tags=["inbox"])

    @router.get("/inbox")
    async def inbox(
        caller: Caller,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> InboxPage:
        page = await handlers.my_inbox(d, caller, limit, skip)
        return InboxPage(unread=page["unread"], items=[InboxItem(id=i["_id"], **i) for i in page["items"]])

    @router.post("/inbox/{message_id}/read", status_code=204)
    async def mark_read(message_id: str, caller: Caller) -> None:
        await handlers.mark_read(d, caller, message_id)

    app.include_router(router)
    app.include_router(settings_router(d, authenticated))
    return app
