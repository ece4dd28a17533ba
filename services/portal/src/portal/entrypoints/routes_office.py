"""Journey 2's pages: the standing office's levels and its inbox of nominations, filtered and paginated."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.domain import office as words
from portal.entrypoints.routes_office_central import office_central_router
from portal.entrypoints.routes_office_nomination import LABELS, nomination_router
from portal.entrypoints.routes_office_rounds import office_rounds_router
from portal.entrypoints.web import Caller, SessionLoader, page
from portal.usecases import office
from portal.usecases.office import OFFICE_ROLES, InboxFilters


class InboxQuery(BaseModel):
    """The inbox's level, filters and page."""

    level: str = ""
    round_id: str = ""
    status: str = ""
    unit_id: str = ""
    award_code: str = ""
    q: str = ""
    skip: int = 0
    limit: int = words.PAGE


def office_router(load: SessionLoader) -> APIRouter:
    """/office, /office/nominations, /office/nominations/{id} and its steps, /office/rounds."""
    router = APIRouter(include_in_schema=False)
    router.include_router(_inbox_routes(load))
    router.include_router(nomination_router(load))
    router.include_router(office_rounds_router(load))
    router.include_router(office_central_router(load))
    return router


def _inbox_routes(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/office", response_class=HTMLResponse)
    async def levels_view(request: Request, me: Me) -> HTMLResponse:
        try:
            levels = await office.levels_with(me.api("access"), datetime.now(UTC), OFFICE_ROLES)
        finally:
            await me.close()
        return page(request, "office.html", me, levels=levels)

    @router.get("/office/nominations", response_class=HTMLResponse)
    async def inbox_view(request: Request, me: Me, query: Annotated[InboxQuery, Query()]) -> Response:
        filters = InboxFilters(
            query.round_id, query.status, query.unit_id, query.award_code, query.q.strip(),
            max(0, query.skip), words.page_size(query.limit),
        )  # fmt: skip
        try:
            if not query.level:
                return RedirectResponse("/office", status_code=303)
            level = await office.level_of(me.api("access"), datetime.now(UTC), query.level, OFFICE_ROLES)
            data = await office.inbox(me.api("review"), me.api("registration"), level, filters)
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        params = {"level": level.unit_id, **filters.params()}

        def link(skip: int) -> str:
            return words.page_link("/office/nominations", params, skip)

        return page(request, "office_inbox.html", me, data=data, link=link, **LABELS)

    return router
