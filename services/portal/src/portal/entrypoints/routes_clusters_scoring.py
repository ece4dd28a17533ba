"""Journey 4's scoring pages: who inspects whom (drawn by the head), the head's adjustments, score sheets."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from portal.adapters.api import ApiError
from portal.domain.clusters import sheet_of
from portal.domain.clusters_forms import sheet_lines, sheet_values
from portal.entrypoints.routes_clusters_web import Step, acted, posted, viewed
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import clusters_scoring
from portal.usecases.clusters import ClusterView


def scoring_router(load: SessionLoader) -> APIRouter:
    """/clusters/{id}/inspections, /adjustments and /sheets/{unit}."""
    router = APIRouter()
    router.include_router(_inspections(load))
    router.include_router(_adjustments(load))
    router.include_router(_sheets(load))
    return router


def inspections_page(
    request: Request, me: Caller, view: ClusterView, error: ApiError | None = None, **typed: Any
) -> HTMLResponse:
    """Who inspects whom, the draw form (the head's), the adjustments and their form."""
    context: dict[str, Any] = {
        "view": view,
        "tab": "inspections",
        "typed": typed,
        "done": request.query_params.get("done"),
    }
    if error is not None:
        return refused(request, me, error, "cluster_inspections.html", **context)
    return page(request, "cluster_inspections.html", me, **context)


def _inspections(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/clusters/{cluster_id}/inspections", response_class=HTMLResponse)
    async def inspections(request: Request, cluster_id: str, me: Me) -> HTMLResponse:
        async def render(view: ClusterView) -> HTMLResponse:
            return inspections_page(request, me, view)

        return await viewed(request, me, cluster_id, render)

    @router.post("/clusters/{cluster_id}/inspections", response_class=HTMLResponse)
    async def draw(request: Request, cluster_id: str, me: Me) -> Response:
        form = await posted(request)
        k, seed = form.get("k", ""), form.get("seed", "")

        async def act(view: ClusterView) -> None:
            await clusters_scoring.draw(me.api("review"), cluster_id, k, seed, view.names)

        async def again(view: ClusterView, error: ApiError) -> HTMLResponse:
            return inspections_page(request, me, view, error, k=k, seed=seed)

        done = f"/clusters/{cluster_id}/inspections?done=drawn"
        return await acted(request, me, Step(cluster_id, form, act, again, done))

    return router


def _adjustments(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.post("/clusters/{cluster_id}/adjustments", response_class=HTMLResponse)
    async def adjust(request: Request, cluster_id: str, me: Me) -> Response:
        form = await posted(request)

        async def act(view: ClusterView) -> None:
            await clusters_scoring.adjust(me.api("review"), cluster_id, form, form.get("key", ""), view.names)

        async def again(view: ClusterView, error: ApiError) -> HTMLResponse:
            return inspections_page(request, me, view, error, **form)

        done = f"/clusters/{cluster_id}/inspections?done=adjusted#adjustments"
        return await acted(request, me, Step(cluster_id, form, act, again, done))

    return router


def sheet_page(
    request: Request,
    me: Caller,
    view: ClusterView,
    who: tuple[str, str],
    error: ApiError | None = None,
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    """A sheet of `who` (scorer, scored): the stored one, or what was typed if refused."""
    scorer, scored = who
    criteria = view.cluster.get("criteria")
    kind = "self" if scorer == scored else "cross"
    values = sheet_values(criteria, sheet_of(view.cluster, kind, scorer, scored)) if criteria else {}
    context: dict[str, Any] = {
        "view": view, "tab": "overview", "scored": scored, "scorer": scorer, "kind": kind, "values": values,
        "lines": sheet_lines(criteria) if criteria else [], "done": request.query_params.get("done"),
    }  # fmt: skip
    if error is not None:
        context["values"] = typed or {}
        return refused(request, me, error, "cluster_sheet.html", **context)
    return page(request, "cluster_sheet.html", me, **context)


def _sheets(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/clusters/{cluster_id}/sheets/{scored_id}", response_class=HTMLResponse)
    async def sheet(
        request: Request, cluster_id: str, scored_id: str, me: Me, scorer: Annotated[str, Query()] = ""
    ) -> HTMLResponse:
        async def render(view: ClusterView) -> HTMLResponse:
            return sheet_page(request, me, view, (scorer or scored_id, scored_id))

        return await viewed(request, me, cluster_id, render)

    @router.post("/clusters/{cluster_id}/sheets/{scored_id}", response_class=HTMLResponse)
    async def submit(request: Request, cluster_id: str, scored_id: str, me: Me) -> Response:
        form = await posted(request)
        scorer = form.get("scorer_id", "") or scored_id

        async def act(view: ClusterView) -> None:
            if not view.cluster.get("criteria"):
                raise ApiError(409, "NO_CRITERIA", "Cụm chưa có bộ tiêu chí chấm điểm.", "marks")
            await clusters_scoring.submit_sheet(
                me.api("review"), view.cluster, scored_id, scorer, form, view.names
            )

        async def again(view: ClusterView, error: ApiError) -> HTMLResponse:
            return sheet_page(request, me, view, (scorer, scored_id), error, form)

        done = f"/clusters/{cluster_id}/sheets/{scored_id}?scorer={scorer}&done=1"
        return await acted(request, me, Step(cluster_id, form, act, again, done))

    return router
