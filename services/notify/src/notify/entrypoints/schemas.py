"""What notify's HTTP API reads and answers: request bodies (checked before any use case) and records."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from emutrack_kit.text import nfc
from notify.domain.channels import KINDS
from notify.domain.delivery import Delivery

ContactRole = Literal[
    "unit_officer", "unit_head", "standing_office", "council_member", "council_chair", "cluster_head"
]
Kind = str
Status = Literal["pending", "held", "sent", "dead_lettered", "digested", "dropped"]


def _check_kinds(kinds: list[str]) -> list[str]:
    for kind in kinds:
        if kind not in KINDS:
            raise PydanticCustomError("unknown_kind", "unknown kind {kind}", {"kind": kind})
    return kinds


class ContactBody(BaseModel):
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


class ExtraRecipientBody(ContactBody):
    """Someone outside the roles who gets e-mails of some kinds (all kinds if none are listed)."""

    kinds: list[Kind] = Field(default_factory=list)

    _kinds = field_validator("kinds")(classmethod(lambda cls, v: _check_kinds(v)))


class ContactsBody(BaseModel):
    """E-mail addresses per role, and extra recipients."""

    model_config = {"extra": "forbid"}

    roles: dict[ContactRole, list[ContactBody]] = Field(default_factory=dict)
    extra: list[ExtraRecipientBody] = Field(default_factory=list, max_length=50)


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

    @classmethod
    def of(cls, d: Delivery) -> DeliveryRecord:
        """The record of a logged delivery."""
        return cls(
            id=d.delivery_id,
            event_id=d.event_id,
            event_type=d.event_type,
            channel=d.channel,
            recipient=d.recipient,
            unit_id=d.unit_id,
            subject=d.subject,
            status=d.status,
            attempts=[
                Attempt(number=a.number, at=a.at, outcome=a.outcome, error=a.error) for a in d.attempts
            ],
            created_at=d.created_at,
            completed_at=d.completed_at,
            template_error=d.template_error,
        )


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
