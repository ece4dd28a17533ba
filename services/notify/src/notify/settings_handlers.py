"""Use cases of what units set: contacts, webhooks, preferences, template overrides; the delivery log."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime
from typing import Any

from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Forbidden, NotFound, Unprocessable
from emutrack_kit.mongo import Document
from notify.adapters.webhook_client import resolve
from notify.domain.channels import CHANNELS, KIND_OF, PreferenceError, parse_preferences
from notify.domain.webhook_urls import UrlRefused, check_addresses, host_of
from notify.examples import named_example
from notify.handlers import Deps

UNIT_ROLES = ("unit_officer", "unit_head")  # whose news a portal subscribed by an admin hears
UNIT_KEEPERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.STANDING_OFFICE, Role.ADMIN)
PORTAL_KEEPERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.ADMIN)
OFFICES = (Role.STANDING_OFFICE, Role.ADMIN)


async def _path(deps: Deps, unit_id: str) -> list[str]:
    path = await deps.deadlines.known_path(unit_id)
    if path is None:
        raise NotFound("UNKNOWN_UNIT", "Không tìm thấy đơn vị này.", field="unit_id")
    return path


async def _require(deps: Deps, principal: Principal, roles: tuple[Role, ...], unit_id: str) -> list[str]:
    path = await _path(deps, unit_id)
    if not principal.may(roles, path):
        name = (await deps.deadlines.names([unit_id])).get(unit_id, "đơn vị này")
        raise Forbidden(
            "FORBIDDEN", f"Bạn không có quyền thực hiện thao tác này cho {name}.", field="unit_id"
        )
    return path


async def authorize_keeper(deps: Deps, principal: Principal, unit_id: str) -> None:
    """The caller keeps the unit's contacts (its officer or head, an office or admin above)."""
    await _require(deps, principal, UNIT_KEEPERS, unit_id)


async def authorize_portal(deps: Deps, principal: Principal, unit_id: str) -> None:
    """The caller subscribes the unit's own portal (its officer or head, or an admin)."""
    await _require(deps, principal, PORTAL_KEEPERS, unit_id)


async def authorize_office(deps: Deps, principal: Principal, unit_id: str) -> None:
    """The caller is a standing office (or admin) whose subtree holds the unit."""
    await _require(deps, principal, OFFICES, unit_id)


async def authorize_chooser(deps: Deps, principal: Principal, unit_id: str, role: str) -> None:
    """The caller holds `role` at the unit, or heads it."""
    await _path(deps, unit_id)
    holds = any(
        b.unit_id == unit_id and b.role.value in (role, Role.UNIT_HEAD.value) for b in principal.bindings
    )
    if not holds:
        raise Forbidden(
            "FORBIDDEN", "Chỉ người giữ vai trò này (hoặc thủ trưởng đơn vị) được đổi.", field="role"
        )


def _public(settings: Document) -> dict[str, Any]:
    """A unit's settings as shown: webhook secrets are never shown again after creation."""
    return {
        "unit_id": settings["_id"],
        "contacts": settings.get("contacts") or {},
        "extra": settings.get("extra") or [],
        "webhooks": [{k: v for k, v in w.items() if k != "secret"} for w in settings.get("webhooks") or []],
        "preferences": settings.get("preferences") or {},
    }


async def unit_settings(deps: Deps, principal: Principal, unit_id: str) -> dict[str, Any]:
    """A unit's notification settings."""
    await authorize_keeper(deps, principal, unit_id)
    return _public(await deps.unit_settings.of(unit_id))


async def set_contacts(
    deps: Deps,
    principal: Principal,
    unit_id: str,
    roles: dict[str, list[dict[str, str]]],
    extra: list[dict[str, Any]],
) -> dict[str, Any]:
    """Replace the e-mail addresses per role and the extra recipients of a unit."""
    await authorize_keeper(deps, principal, unit_id)
    return _public(await deps.unit_settings.set_contacts(unit_id, roles, extra, datetime.now(UTC)))


async def add_webhook(
    deps: Deps, principal: Principal, unit_id: str, url: str, kinds: list[str]
) -> dict[str, Any]:
    """Subscribe the unit's portal; the secret is returned once, here."""
    await authorize_portal(deps, principal, unit_id)
    try:
        host = host_of(url)
        if deps.production:
            check_addresses(await asyncio.to_thread(resolve, host))
    except UrlRefused as exc:
        raise Unprocessable(exc.code, str(exc), field="url") from exc
    # The portal hears what its subscriber may: news to the roles the subscriber holds at the unit.
    held = sorted({b.role.value for b in principal.bindings if b.unit_id == unit_id})
    subscription = {
        "id": secrets.token_hex(8),
        "url": url,
        "kinds": kinds,
        "roles": held or list(UNIT_ROLES),
        "secret": secrets.token_urlsafe(32),
        "created_at": datetime.now(UTC),
        "created_by": principal.subject,
    }
    await deps.unit_settings.add_webhook(unit_id, subscription)
    return subscription


async def remove_webhook(deps: Deps, principal: Principal, unit_id: str, subscription_id: str) -> None:
    """Unsubscribe; deliveries not yet made to it are dead-lettered."""
    await authorize_portal(deps, principal, unit_id)
    if not await deps.unit_settings.remove_webhook(unit_id, subscription_id):
        raise NotFound("UNKNOWN_WEBHOOK", "Đơn vị không có đăng ký webhook này.", field="subscription_id")


async def set_preferences(
    deps: Deps, principal: Principal, unit_id: str, role: str, raw: dict[str, Any]
) -> dict[str, Any]:
    """Choose channels per kind and digests for one role of a unit (its holder, or the unit's head)."""
    await authorize_chooser(deps, principal, unit_id, role)
    try:
        preferences = parse_preferences(raw)
    except PreferenceError as exc:
        raise Unprocessable("INVALID_PREFERENCE", str(exc), field=exc.field) from exc
    stored = await deps.unit_settings.set_preferences(
        unit_id, role, preferences.to_document(), datetime.now(UTC)
    )
    return _public(stored)


async def delivery_log(
    deps: Deps, principal: Principal, unit_id: str, status: str | None, limit: int, skip: int
) -> list[Document]:
    """Deliveries to a unit and its subtree with every attempt, for its standing office."""
    await authorize_office(deps, principal, unit_id)
    return await deps.deliveries.log(unit_id, status, limit, skip)


def _check_template_target(event_type: str, channel: str) -> None:
    if event_type not in KIND_OF:
        raise NotFound(
            "UNKNOWN_EVENT_TYPE", "Không có mẫu thông báo cho loại sự kiện này.", field="event_type"
        )
    if channel not in CHANNELS:
        raise NotFound("UNKNOWN_CHANNEL", "Kênh không tồn tại (in_app, email, webhook).", field="channel")


async def put_override(
    deps: Deps, principal: Principal, level_unit_id: str, event_type: str, channel: str, text: str
) -> dict[str, str]:
    """A level's own template for its subtree, checked on a sample of the event before it is kept."""
    await authorize_office(deps, principal, level_unit_id)
    _check_template_target(event_type, channel)
    try:
        subject, body = deps.templates.check_override(text, named_example(event_type))
    except Exception as exc:  # whatever the template does wrong is the writer's to fix
        detail = f"{type(exc).__name__}: {exc}"
        raise Unprocessable(
            "TEMPLATE_INVALID", f"Mẫu không dùng được (chi tiết: {detail}).", field="text"
        ) from exc
    await deps.overrides.put(level_unit_id, event_type, channel, text, datetime.now(UTC))
    return {"subject": subject, "body": body}


async def delete_override(
    deps: Deps, principal: Principal, level_unit_id: str, event_type: str, channel: str
) -> None:
    """Go back to the shipped template."""
    await authorize_office(deps, principal, level_unit_id)
    if not await deps.overrides.delete(level_unit_id, event_type, channel):
        raise NotFound("UNKNOWN_TEMPLATE", "Cấp này chưa có mẫu riêng cho thông báo này.", field="event_type")


async def list_overrides(deps: Deps, principal: Principal, level_unit_id: str) -> list[Document]:
    """The templates a level wrote."""
    await authorize_office(deps, principal, level_unit_id)
    return await deps.overrides.of_level(level_unit_id)
