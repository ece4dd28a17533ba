"""What a unit sets for its notifications: addresses per role, extra recipients, portals, preferences.

Everything a unit sets is one record, so fanning news out to thousands of units reads one record
per unit (docs/decisions/0014). Recipients are roles at units (docs/domain.md §3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from notify.domain.channels import Preferences

UNIT_ROLES = ("unit_officer", "unit_head")  # whose news a portal hears when its subscription names no roles


@dataclass(frozen=True)
class Contact:
    """A person who reads a role's e-mail."""

    name: str
    email: str


@dataclass(frozen=True)
class ExtraRecipient:
    """Someone outside the roles who gets e-mails of some kinds (every kind if none are listed)."""

    name: str
    email: str
    kinds: tuple[str, ...] = ()

    def wants(self, kind: str) -> bool:
        """True if news of this kind goes to this recipient."""
        return not self.kinds or kind in self.kinds

    @property
    def contact(self) -> Contact:
        """Where the e-mail goes."""
        return Contact(self.name, self.email)


@dataclass(frozen=True)
class WebhookSubscription:
    """A unit's portal that hears the news as signed JSON; the secret is shown once, at creation."""

    subscription_id: str
    url: str
    kinds: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # the portal hears news to these roles (its subscriber's at the unit)
    secret: str = ""
    created_at: datetime | None = None
    created_by: str | None = None

    def wants(self, kind: str) -> bool:
        """True if news of this kind goes to the portal."""
        return not self.kinds or kind in self.kinds

    def hears(self, roles: Iterable[str]) -> list[str]:
        """Those of `roles` whose news the portal hears."""
        allowed = self.roles or UNIT_ROLES
        return [role for role in roles if role in allowed]


@dataclass(frozen=True)
class UnitSettings:
    """A unit's contacts per role, extra recipients, webhook subscriptions and preferences per role."""

    unit_id: str
    contacts: Mapping[str, tuple[Contact, ...]] = field(default_factory=dict)
    extra: tuple[ExtraRecipient, ...] = ()
    webhooks: tuple[WebhookSubscription, ...] = ()
    preferences: Mapping[str, Preferences] = field(default_factory=dict)
    version: int | None = None  # compare-and-set of the subscriptions

    def contacts_of(self, role: str) -> tuple[Contact, ...]:
        """The addresses of one role (none if the unit gave none)."""
        return self.contacts.get(role, ())

    def preferences_of(self, role: str) -> Preferences:
        """One role's preferences (every channel, no digest, if it chose none)."""
        return self.preferences.get(role) or Preferences()

    def webhook(self, subscription_id: str) -> WebhookSubscription | None:
        """One subscription, or None if the unit has none with this id (any more)."""
        return next((w for w in self.webhooks if w.subscription_id == subscription_id), None)


@dataclass(frozen=True)
class TemplateOverride:
    """A template a level's standing office wrote in place of the shipped one, for its subtree."""

    level_unit_id: str
    event_type: str
    channel: str
    text: str
    updated_at: datetime
