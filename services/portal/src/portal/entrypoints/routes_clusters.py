"""Journey 4's pages: my clusters, a cluster's overview, and its criteria set (set by the head, or copied)."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from portal.adapters.api import ApiError
from portal.domain.clusters import points_vi
from portal.domain.clusters_forms import KINDS_VI, Row, posted_rows, rows_of, with_blanks
from portal.entrypoints.routes_clusters_results import results_router
from portal.entrypoints.routes_clusters_scoring import scoring_router
from portal.entrypoints.routes_clusters_web import Step, acted, posted, viewed
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import clusters, clusters_scoring
from portal.usecases.clusters import ClusterView


def clusters_router(load: SessionLoader) -> APIRouter:
    """/clusters and everything under a cluster."""
    router = APIRouter(include_in_schema=False)
    router.include_router(_overview(load))
    router.include_router(_criteria(load))
    router.include_router(_copy(load))
    router.include_router(scoring_router(load))
    router.include_router(results_router(load))
    return router


def _overview(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/clusters", response_class=HTMLResponse)
    async def my_clusters(
        request: Request,
        me: Me,
        q: Annotated[str, Query(max_length=100)] = "",
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> HTMLResponse:
        try:
            found = await clusters.cluster_list(me.api("review"), me.api("registration"), q.strip(), skip)
        except ApiError as error:
            return page(request, "problem.html", me, status=error.status, error=error)
        finally:
            await me.close()
        return page(request, "clusters.html", me, found=found)

    @router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
    async def overview(request: Request, cluster_id: str, me: Me) -> HTMLResponse:
        async def render(view: ClusterView) -> HTMLResponse:
            return page(request, "cluster.html", me, view=view, tab="overview")

        return await viewed(request, me, cluster_id, render)

    return router


@dataclass(frozen=True)
class Typed:
    """What the criteria page's forms show: the rows, the declared total, the cluster chosen to copy."""

    rows: list[Row]
    declared: str
    chosen: str = ""

    @classmethod
    def stored(cls, view: ClusterView, chosen: str = "") -> "Typed":
        """The cluster's own criteria set, with blank rows to add to it."""
        criteria = view.cluster.get("criteria") or {}
        return cls(with_blanks(rows_of(criteria)), points_vi(criteria.get("declared_total")), chosen)


def _criteria(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/clusters/{cluster_id}/criteria", response_class=HTMLResponse)
    async def criteria(request: Request, cluster_id: str, me: Me) -> HTMLResponse:
        async def render(view: ClusterView) -> HTMLResponse:
            return await _criteria_page(request, me, view, Typed.stored(view))

        return await viewed(request, me, cluster_id, render)

    @router.post("/clusters/{cluster_id}/criteria", response_class=HTMLResponse)
    async def save_criteria(request: Request, cluster_id: str, me: Me) -> Response:
        form = await posted(request)
        rows, declared = posted_rows(form), form.get("declared_total", "")

        async def more(view: ClusterView) -> HTMLResponse:  # nothing saved: works without JavaScript
            return await _criteria_page(request, me, view, Typed(with_blanks(rows), declared))

        if form.get("action") == "more":
            return await viewed(request, me, cluster_id, more)

        async def save(view: ClusterView) -> None:
            await clusters_scoring.save_criteria(me.api("review"), cluster_id, rows, declared, view.names)

        async def again(view: ClusterView, error: ApiError) -> HTMLResponse:
            return await _criteria_page(request, me, view, Typed(with_blanks(rows, 1), declared), error)

        done = f"/clusters/{cluster_id}/criteria?done=1"
        return await acted(request, me, Step(cluster_id, form, save, again, done))

    return router


def _copy(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.post("/clusters/{cluster_id}/criteria/copy", response_class=HTMLResponse)
    async def copy_criteria(request: Request, cluster_id: str, me: Me) -> Response:
        form = await posted(request)
        source = form.get("from_cluster_id", "")

        async def copy(view: ClusterView) -> None:
            await clusters_scoring.copy_criteria(me.api("review"), cluster_id, source, view.names)

        async def again(view: ClusterView, error: ApiError) -> HTMLResponse:
            return await _criteria_page(request, me, view, Typed.stored(view, source), error)

        done = f"/clusters/{cluster_id}/criteria?copied=1"
        return await acted(request, me, Step(cluster_id, form, copy, again, done))

    return router


async def _criteria_page(
    request: Request, me: Caller, view: ClusterView, typed: Typed, error: ApiError | None = None
) -> HTMLResponse:
    sources = await clusters_scoring.earlier_sets(me.api("review"), view.cluster)
    context: dict[str, Any] = {
        "view": view, "tab": "criteria", "typed": typed, "sources": sources, "kinds": KINDS_VI,
        "done": request.query_params.get("done"), "copied": request.query_params.get("copied"),
    }  # fmt: skip
    if error is not None:
        return refused(request, me, error, "cluster_criteria.html", **context)
    return page(request, "cluster_criteria.html", me, **context)
