"""HTTP routes of a level's own templates and of the delivery log of a unit's subtree."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from emutrack_kit.auth import Principal
from notify.entrypoints.guards import Authenticated, guard
from notify.entrypoints.schemas import DeliveryRecord, Status, TemplateBody
from notify.usecases import access, deliveries, level_templates
from notify.usecases.context import Context
from notify.usecases.level_templates import TemplateTarget


def templates_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes of a level's templates: list, write (checked on an example), remove."""
    Caller = Annotated[Principal, Depends(authenticated)]
    Office = Annotated[Principal, guard(ctx, authenticated, access.authorize_office, "unit_id")]
    router = APIRouter(tags=["notification settings"])

    @router.get("/levels/{unit_id}/templates")
    async def list_templates(unit_id: str, caller: Caller) -> list[dict[str, Any]]:
        overrides = await level_templates.list_overrides(ctx, caller, unit_id)
        return [
            {
                "level_unit_id": o.level_unit_id,
                "event_type": o.event_type,
                "channel": o.channel,
                "text": o.text,
                "updated_at": o.updated_at,
            }
            for o in overrides
        ]

    @router.put("/levels/{unit_id}/templates/{event_type}/{channel}")
    async def put_template(
        unit_id: str, event_type: str, channel: str, body: TemplateBody, caller: Office
    ) -> dict[str, str]:
        target = TemplateTarget(unit_id, event_type, channel)
        preview = await level_templates.put_override(ctx, caller, target, body.text)
        return {"subject": preview.subject, "body": preview.body}

    @router.delete("/levels/{unit_id}/templates/{event_type}/{channel}", status_code=204)
    async def delete_template(unit_id: str, event_type: str, channel: str, caller: Caller) -> None:
        await level_templates.delete_override(ctx, caller, TemplateTarget(unit_id, event_type, channel))

    return router


def deliveries_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes of the delivery log: every delivery to a unit and its subtree, with every attempt."""
    Office = Annotated[Principal, guard(ctx, authenticated, access.authorize_office, "unit_id")]
    router = APIRouter(tags=["notification settings"])

    @router.get("/units/{unit_id}/deliveries")
    async def delivery_log(
        unit_id: str,
        caller: Office,
        status: Status | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> list[DeliveryRecord]:
        query = deliveries.LogQuery(unit_id, status, limit, skip)
        return [DeliveryRecord.of(d) for d in await deliveries.delivery_log(ctx, caller, query)]

    return router
