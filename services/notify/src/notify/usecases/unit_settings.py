"""What a unit sets for its notifications: addresses per role, extra recipients, each role's choices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Unprocessable
from notify.domain.channels import PreferenceError, preferences_of
from notify.domain.settings import Contact, ExtraRecipient, UnitSettings
from notify.usecases.access import authorize_chooser, authorize_keeper
from notify.usecases.context import Context


@dataclass(frozen=True)
class SetContacts:
    """Replace a unit's e-mail addresses per role and its extra recipients."""

    unit_id: str
    roles: Mapping[str, Sequence[Contact]]
    extra: Sequence[ExtraRecipient]


@dataclass(frozen=True)
class ChoosePreferences:
    """One role's channels per kind of news and the kinds it reads as a daily digest."""

    unit_id: str
    role: str
    channels: Mapping[str, Sequence[str]]
    digest_kinds: Sequence[str]


async def unit_settings(ctx: Context, principal: Principal, unit_id: str) -> UnitSettings:
    """A unit's notification settings."""
    await authorize_keeper(ctx, principal, unit_id)
    return await ctx.unit_settings.of(unit_id)


async def set_contacts(ctx: Context, principal: Principal, command: SetContacts) -> UnitSettings:
    """Replace the e-mail addresses per role and the extra recipients of a unit."""
    await authorize_keeper(ctx, principal, command.unit_id)
    return await ctx.unit_settings.set_contacts(command.unit_id, command.roles, command.extra, ctx.clock())


async def choose_preferences(ctx: Context, principal: Principal, command: ChoosePreferences) -> UnitSettings:
    """Choose channels per kind and digests for one role of a unit (its holder, or the unit's head)."""
    await authorize_chooser(ctx, principal, command.unit_id, command.role)
    try:
        preferences = preferences_of(command.channels, command.digest_kinds)
    except PreferenceError as exc:
        raise Unprocessable("INVALID_PREFERENCE", str(exc), field=exc.field) from exc
    return await ctx.unit_settings.set_preferences(command.unit_id, command.role, preferences, ctx.clock())
