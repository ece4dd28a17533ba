"""HTTP routes of what units set (contacts, webhooks, preferences, templates) and the delivery log."""

import functools
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from emutrack_kit.text import nfc
from notify import settings_handlers
from notify.domain.channels import KINDS
from notify.handlers import Deps

ContactRole = Literal[
    "unit_officer", "unit_head", "standing_office", "council_member", "council_chair", "cluster_head"
]
Kind = str


def _check_kinds(kinds: list[str]) -> list[str]:
    for kind in kinds:
        if kind not in KINDS:
            raise PydanticCustomError("unknown_kind", "unknown kind {kind}", {"kind": kind})
    return kinds


class Contact(BaseModel):
    """A person who reads a role's e-mail."""

    name: str = Field("", max_length=200)
    email: str = Field(max_length=254)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return nfc(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        try:
            # No SMTPUTF8: every relay must accept the address (names may be Vietnamese, addresses ASCII).
            return validate_email(value.strip(), check_deliverability=False, allow_smtputf8=False).normalized
        except EmailNotValidError as exc:
            raise PydanticCustomError("email_invalid", "invalid e-mail address") from exc


class ExtraRecipient(Contact):
    """Someone outside the roles who gets e-mails of some kinds (all kinds if none are listed)."""

    kinds: list[Kind] = Field(default_factory=list)

    _kinds = field_validator("kinds")(classmethod(lambda cls, v: _check_kinds(v)))


class ContactsBody(BaseModel):
    """E-mail addresses per role, and extra recipients."""

    model_config = {"extra": "forbid"}

    roles: dict[ContactRole, list[Contact]] = Field(default_factory=dict)
    extra: list[ExtraRecipient] = Field(default_factory=list, max_length=50)


class WebhookBody(BaseModel):
    """A unit's portal that wants the news as signed JSON."""

    model_config = {"extra": "forbid"}

    url: str = Field(min_length=1, max_length=2000)
    kinds: list[Kind] = Field(default_factory=list)

    _kinds = field_validator("kinds")(classmethod(lambda cls, v: _check_kinds(v)))


class PreferencesBody(BaseModel):
    """Channels per kind (e-mail, webhook; in-app is always on) and the kinds sent as a daily digest."""

    model_config = {"extra": "forbid"}

    channels: dict[Kind, list[Literal["in_app", "email", "webhook"]]] = Field(default_factory=dict)
    digest_kinds: list[Kind] = Field(default_factory=list)


class TemplateBody(BaseModel):
    """A Jinja2 template: the first line is the subject; the news is `p`."""

    model_config = {"extra": "forbid"}

    text: str = Field(min_length=1, max_length=20_000)


class Attempt(BaseModel):
    """One try of a delivery."""

    number: int
    at: datetime
    outcome: str
    error: str | None = None


class DeliveryRecord(BaseModel):
    """A delivery with its attempts."""

    id: str
    event_id: str
    event_type: str
    channel: str
    recipient: str
    unit_id: str
    subject: str
    status: str
    attempts: list[Attempt]
    created_at: datetime
    completed_at: datetime | None = None
    template_error: str | None = None


def settings_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes of units' notification settings, template overrides and the delivery log."""
    Caller = Annotated[Principal, Depends(authenticated)]

    def first(authorize: Callable[..., Awaitable[None]], *names: str) -> Any:
        return authorized_first(authenticated, functools.partial(authorize, d), *names)

    Keeper = Annotated[Principal, first(settings_handlers.authorize_keeper, "unit_id")]
    Portal = Annotated[Principal, first(settings_handlers.authorize_portal, "unit_id")]
    Chooser = Annotated[Principal, first(settings_handlers.authorize_chooser, "unit_id", "role")]
    Office = Annotated[Principal, first(settings_handlers.authorize_office, "unit_id")]
    router = APIRouter(tags=["notification settings"])

    @router.get("/units/{unit_id}/notification-settings")
    async def get_settings(unit_id: str, caller: Caller) -> dict[str, Any]:
        return await settings_handlers.unit_settings(d, caller, unit_id)

    @router.put("/units/{unit_id}/contacts")
    async def put_contacts(unit_id: str, body: ContactsBody, caller: Keeper) -> dict[str, Any]:
        roles: dict[str, list[dict[str, Any]]] = {
            r: [c.model_dump() for c in people] for r, people in body.roles.items()
        }
        extra = [e.model_dump() for e in body.extra]
        return await settings_handlers.set_contacts(d, caller, unit_id, roles, extra)

    @router.post("/units/{unit_id}/webhooks", status_code=201)
    async def post_webhook(unit_id: str, body: WebhookBody, caller: Portal) -> dict[str, Any]:
        return await settings_handlers.add_webhook(d, caller, unit_id, body.url, body.kinds)

    @router.delete("/units/{unit_id}/webhooks/{subscription_id}", status_code=204)
    async def delete_webhook(unit_id: str, subscription_id: str, caller: Caller) -> None:
        await settings_handlers.remove_webhook(d, caller, unit_id, subscription_id)

    @router.put("/units/{unit_id}/preferences/{role}")
    async def put_preferences(
        unit_id: str, role: ContactRole, body: PreferencesBody, caller: Chooser
    ) -> dict[str, Any]:
        return await settings_handlers.set_preferences(d, caller, unit_id, role, body.model_dump())

    @router.get("/units/{unit_id}/deliveries")
    async def deliveries(
        unit_id: str,
        caller: Office,
        status: Literal["pending", "held", "sent", "dead_lettered", "digested", "dropped"] | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> list[DeliveryRecord]:
        rows = await settings_handlers.delivery_log(d, caller, unit_id, status, limit, skip)
        return [DeliveryRecord(id=r["_id"], **r) for r in rows]

    @router.get("/levels/{unit_id}/templates")
    async def list_templates(unit_id: str, caller: Caller) -> list[dict[str, Any]]:
        rows = await settings_handlers.list_overrides(d, caller, unit_id)
        return [{k: v for k, v in r.items() if k != "_id"} for r in rows]

    @router.put("/levels/{unit_id}/templates/{event_type}/{channel}")
    async def put_template(
        unit_id: str, event_type: str, channel: str, body: TemplateBody, caller: Office
    ) -> dict[str, str]:
        return await settings_handlers.put_override(d, caller, unit_id, event_type, channel, body.text)

    @router.delete("/levels/{unit_id}/templates/{event_type}/{channel}", status_code=204)
    async def delete_template(unit_id: str, event_type: str, channel: str, caller: Caller) -> None:
        await settings_handlers.delete_override(d, caller, unit_id, event_type, channel)

    return router
