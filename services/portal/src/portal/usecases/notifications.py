"""Journey 7: the unread badge of every page, and a unit's notification settings (channels, contacts)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.admin import active_roles, binding_state
from portal.domain.notifications import choosable, chosen_channels, roles_of_unit

FIX_FIELDS = "Một số ô chưa hợp lệ; hãy sửa các ô được đánh dấu rồi lưu lại."


@dataclass(frozen=True)
class Glance:
    """What the header of every page shows of the person: unread messages and the roles held today."""

    unread: int | None
    roles: frozenset[str]


@dataclass(frozen=True)
class SettingsPage:
    """A unit's notification settings as the person may see and change them."""

    places: list[tuple[str, str]]
    unit_id: str
    unit_name: str
    readable: bool  # the unit's current settings (its officer, head, an office or admin above read them)
    choices: dict[str, dict[str, set[str]]]  # per role the person may choose: kind -> channels on
    contact_roles: tuple[str, ...]
    contacts: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    extra: list[dict[str, Any]] = field(default_factory=list)
    webhooks: list[dict[str, Any]] = field(default_factory=list)


async def glance(notify: ServiceApi, access: ServiceApi, today: date) -> Glance:
    """Unread messages and roles held today (none known when a service does not answer: pages still work)."""
    inbox, bindings = await asyncio.gather(
        _quietly(notify.get("/inbox", limit=1)), _quietly(access.get("/me/bindings"))
    )
    unread = int(inbox["unread"]) if isinstance(inbox, Mapping) else None
    return Glance(unread, active_roles(bindings, today) if isinstance(bindings, list) else frozenset())


async def unread(notify: ServiceApi) -> int | None:
    """How many messages the person has not read yet."""
    inbox = await _quietly(notify.get("/inbox", limit=1))
    return int(inbox["unread"]) if isinstance(inbox, Mapping) else None


async def settings_page(
    access: ServiceApi, registration: ServiceApi, notify: ServiceApi, unit_id: str | None, today: date
) -> SettingsPage:
    """The unit's settings (the first unit where the person holds a role, unless another is asked)."""
    mine = [b for b in await access.get("/me/bindings") if binding_state(b, today) == "active"]
    places = sorted({(str(b["unit_id"]), str(b["unit_name"])) for b in mine}, key=lambda p: p[1])
    chosen = unit_id or (places[0][0] if places else "")
    if not chosen:
        return SettingsPage(places, "", "", False, {}, ())
    unit = await registration.get(f"/units/{chosen}")
    held = {str(b["role"]) for b in mine if b["unit_id"] == chosen}
    try:
        current = await notify.get(f"/units/{chosen}/notification-settings")
    except ApiError as error:
        if error.status != 403 or not held:  # a unit where the person holds no role: nothing to see
            raise
        current = None
    stored = (current or {}).get("preferences", {})
    choices = {role: chosen_channels(stored.get(role)) for role in choosable(held, unit["kind"])}
    roles = roles_of_unit(unit["kind"])
    if current is None:
        return SettingsPage(places, chosen, unit["name"], False, choices, roles)
    contacts = {role: list(current["contacts"].get(role, [])) for role in roles}
    return SettingsPage(
        places, chosen, unit["name"], True, choices, roles, contacts, current["extra"], current["webhooks"]
    )


async def choose(notify: ServiceApi, unit_id: str, role: str, body: dict[str, Any]) -> None:
    """Save one role's channels per kind and its digest kinds."""
    await _plainly(notify.put(f"/units/{unit_id}/preferences/{role}", body))


async def keep_contacts(notify: ServiceApi, unit_id: str, posted: dict[str, list[dict[str, str]]]) -> None:
    """Replace the e-mail contacts of the roles posted (those of other roles and extra recipients kept)."""
    current = await notify.get(f"/units/{unit_id}/notification-settings")
    roles = {**current["contacts"], **posted}
    extra = [{"name": e["name"], "email": e["email"], "kinds": e["kinds"]} for e in current["extra"]]
    await _plainly(notify.put(f"/units/{unit_id}/contacts", {"roles": roles, "extra": extra}))


async def _quietly(call: Awaitable[Any]) -> Any:
    try:
        return await call
    except ApiError:
        return None


async def _plainly(call: Awaitable[Any]) -> Any:
    """The call's answer; a validation refusal says in Vietnamese to fix the marked fields."""
    try:
        return await call
    except ApiError as error:
        if error.code == "VALIDATION_ERROR" and error.fields:
            raise dataclasses.replace(error, message=FIX_FIELDS) from None
        raise
