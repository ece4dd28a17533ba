"""HTTP routes open to everyone (no token): what the law makes public of commendation (ADR 0026)."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from review.entrypoints.guards import Guards
from review.usecases import public_lists


def public_router(guards: Guards) -> APIRouter:
    """Routes under /public: decisions with their awardees, candidates under public comment."""
    ctx, router = guards.ctx, APIRouter(tags=["public"])

    @router.get("/public/decisions")
    async def decisions(
        level_unit_id: Annotated[str | None, Query(max_length=100)] = None,
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        skip: Annotated[int, Query(ge=0, le=10_000)] = 0,
    ) -> dict[str, Any]:
        page = await public_lists.published_decisions(ctx, level_unit_id, year, limit, skip)
        return {"total": page.total, "items": [asdict(d) for d in page.items]}

    @router.get("/public/comments")
    async def comments() -> list[dict[str, Any]]:
        return [asdict(c) for c in await public_lists.under_comment(ctx)]

    return router
