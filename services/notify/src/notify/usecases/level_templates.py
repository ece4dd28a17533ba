"""A level's own templates for its subtree, checked on an example before kept (docs/decisions/0014)."""

from __future__ import annotations

from dataclasses import dataclass

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound, Unprocessable
from notify.domain.channels import CHANNELS, KIND_OF
from notify.domain.examples import named_example
from notify.domain.settings import TemplateOverride
from notify.usecases.access import authorize_office
from notify.usecases.context import Context


@dataclass(frozen=True)
class TemplateTarget:
    """Which template of a level: the news' event type and the channel."""

    level_unit_id: str
    event_type: str
    channel: str


@dataclass(frozen=True)
class Preview:
    """A template rendered on the example of its news: what recipients would read."""

    subject: str
    body: str


async def put_override(ctx: Context, principal: Principal, target: TemplateTarget, text: str) -> Preview:
    """A level's own template for its subtree, checked on a sample of the event before it is kept."""
    await authorize_office(ctx, principal, target.level_unit_id)
    if target.event_type not in KIND_OF:
        raise NotFound(
            "UNKNOWN_EVENT_TYPE", "Không có mẫu thông báo cho loại sự kiện này.", field="event_type"
        )
    if target.channel not in CHANNELS:
        raise NotFound("UNKNOWN_CHANNEL", "Kênh không tồn tại (in_app, email, webhook).", field="channel")
    try:
        subject, body = ctx.templates.check_override(text, named_example(target.event_type))
    except Exception as exc:  # whatever the template does wrong is the writer's to fix
        detail = f"{type(exc).__name__}: {exc}"
        raise Unprocessable(
            "TEMPLATE_INVALID", f"Mẫu không dùng được (chi tiết: {detail}).", field="text"
        ) from exc
    override = TemplateOverride(target.level_unit_id, target.event_type, target.channel, text, ctx.clock())
    await ctx.overrides.put(override)
    return Preview(subject, body)


async def delete_override(ctx: Context, principal: Principal, target: TemplateTarget) -> None:
    """Go back to the shipped template."""
    await authorize_office(ctx, principal, target.level_unit_id)
    if not await ctx.overrides.delete(target.level_unit_id, target.event_type, target.channel):
        raise NotFound("UNKNOWN_TEMPLATE", "Cấp này chưa có mẫu riêng cho thông báo này.", field="event_type")


async def list_overrides(ctx: Context, principal: Principal, level_unit_id: str) -> list[TemplateOverride]:
    """The templates a level wrote."""
    await authorize_office(ctx, principal, level_unit_id)
    return await ctx.overrides.of_level(level_unit_id)
