"""HTTP routes of the organisation tree."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound
from registration.entrypoints.schemas import UnitOut
from registration.handlers import Deps


def units_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /units."""
    Caller = Annotated[Principal, Depends(authenticated)]
    router = APIRouter(tags=["units"])

    @router.get("/units/{unit_id}")
    async def get_unit(unit_id: str, _: Caller) -> UnitOut:
        unit = await d.units.get(unit_id)
        if unit is None:
            raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
        path = await d.units.path_on(unit_id, unit.valid_from)
        return UnitOut(
            unit_id=unit.unit_id, name=unit.name, kind=unit.kind, level=unit.level, path=list(path)
        )

    return router
