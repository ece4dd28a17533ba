"""Journey 4's results: the frozen ranking with its hash (and its check), and the honouring vote."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from portal.adapters.api import ApiError
from portal.domain.clusters import HONOURING_AWARDS
from portal.entrypoints.routes_clusters_web import Step, acted, posted, viewed
from portal.entrypoints.web import Caller, SessionLoader, page, refused
from portal.usecases import clusters_results
from portal.usecases.clusters import ClusterView
from portal.usecases.clusters_results import Check


def results_router(load: SessionLoader) -> APIRouter:
    """/clusters/{id}/ranking and /clusters/{id}/honouring."""
    router = APIRouter()
    router.include_router(_ranking(load))
    router.include_router(_honouring(load))
    router.include_router(_voting(load))
    return router


def ranking_page(
    request: Request, me: Caller, view: ClusterView, check: Check | None = None, error: ApiError | None = None
) -> HTMLResponse:
    """The published ranking with its hash and how to check it, or the head's form to publish it."""
    rows = clusters_results.ranking_rows(view.cluster.get("results"), view.names)
    context: dict[str, Any] = {"view": view, "tab": "ranking", "rows": rows, "check": check,
               "done": request.query_params.get("done")}  # fmt: skip
    if error is not None:
        return refused(request, me, error, "cluster_ranking.html", **context)
    return page(request, "cluster_ranking.html", me, **context)


def _ranking(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/clusters/{cluster_id}/ranking", response_class=HTMLResponse)
    async def ranking(request: Request, cluster_id: str, me: Me, verify: str = "") -> HTMLResponse:
        async def render(view: ClusterView) -> HTMLResponse:
            check = None
            if verify and view.cluster.get("results"):
                check = await clusters_results.verify(me.api("review"), cluster_id)
            return ranking_page(request, me, view, check)

        return await viewed(request, me, cluster_id, render)

    @router.post("/clusters/{cluster_id}/ranking", response_class=HTMLResponse)
    async def publish(request: Request, cluster_id: str, me: Me) -> Response:
        form = await posted(request)

        async def act(view: ClusterView) -> None:
            await clusters_results.publish(
                me.api("review"), cluster_id, form.get("normalise") == "1", view.names
            )

        async def again(view: ClusterView, error: ApiError) -> HTMLResponse:
            return ranking_page(request, me, view, error=error)

        done = f"/clusters/{cluster_id}/ranking?done=1"
        return await acted(request, me, Step(cluster_id, form, act, again, done))

    return router


def honouring_page(
    request: Request, me: Caller, view: ClusterView, error: ApiError | None = None, **typed: Any
) -> HTMLResponse:
    """The honouring vote: the head's form to open it, the members' papers, the head's closing, the result."""
    honouring = view.cluster.get("honouring")
    context: dict[str, Any] = {
        "view": view, "tab": "honouring", "honouring": honouring, "awards": HONOURING_AWARDS, "typed": typed,
        "result": clusters_results.honouring_result(honouring, view.names),
        "done": request.query_params.get("done"),
    }  # fmt: skip
    if error is not None:
        return refused(request, me, error, "cluster_honouring.html", **context)
    return page(request, "cluster_honouring.html", me, **context)


def _honouring(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/clusters/{cluster_id}/honouring", response_class=HTMLResponse)
    async def honouring(request: Request, cluster_id: str, me: Me) -> HTMLResponse:
        async def render(view: ClusterView) -> HTMLResponse:
            return honouring_page(request, me, view)

        return await viewed(request, me, cluster_id, render)

    @router.post("/clusters/{cluster_id}/honouring", response_class=HTMLResponse)
    async def open_vote(request: Request, cluster_id: str, me: Me) -> Response:
        form = await posted(request)

        async def act(view: ClusterView) -> None:
            await clusters_results.open_vote(me.api("review"), cluster_id, form, view.names)

        async def again(view: ClusterView, error: ApiError) -> HTMLResponse:
            return honouring_page(request, me, view, error, **form)

        done = f"/clusters/{cluster_id}/honouring?done=opened"
        return await acted(request, me, Step(cluster_id, form, act, again, done))

    return router


def _voting(load: SessionLoader) -> APIRouter:
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.post("/clusters/{cluster_id}/honouring/votes", response_class=HTMLResponse)
    async def vote(request: Request, cluster_id: str, me: Me) -> Response:
        raw = await request.form()
        form = {k: str(v) for k, v in raw.items()}
        approvals, voter = [str(a) for a in raw.getlist("approvals")], form.get("voter_unit_id", "")

        async def act(view: ClusterView) -> None:
            await clusters_results.vote(me.api("review"), cluster_id, voter, approvals, view.names)

        async def again(view: ClusterView, error: ApiError) -> HTMLResponse:
            return honouring_page(request, me, view, error, voter_unit_id=voter, approvals=approvals)

        done = f"/clusters/{cluster_id}/honouring?done=voted"
        return await acted(request, me, Step(cluster_id, form, act, again, done))

    @router.post("/clusters/{cluster_id}/honouring/close", response_class=HTMLResponse)
    async def close_vote(request: Request, cluster_id: str, me: Me) -> Response:
        form = await posted(request)

        async def act(view: ClusterView) -> None:
            await clusters_results.close_vote(me.api("review"), cluster_id, view.names)

        async def again(view: ClusterView, error: ApiError) -> HTMLResponse:
            return honouring_page(request, me, view, error)

        done = f"/clusters/{cluster_id}/honouring?done=closed"
        return await acted(request, me, Step(cluster_id, form, act, again, done))

    return router
