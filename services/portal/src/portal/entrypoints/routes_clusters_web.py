"""What journey 4's pages share: the cluster as the person sees it, posted forms, a step then its page."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.adapters.api import ApiError
from portal.domain.clusters import STAGE_VI, assigned_to, hash_groups, points_vi, sheet_of
from portal.entrypoints.web import TEMPLATES, Caller, page
from portal.usecases import clusters
from portal.usecases.clusters import ClusterView

TEMPLATES.env.filters["points_vi"] = points_vi
TEMPLATES.env.filters["stage_vi"] = lambda s: STAGE_VI.get(s, s)
TEMPLATES.env.filters["hash_groups"] = hash_groups
TEMPLATES.env.globals.update(sheet_of=sheet_of, assigned_to=assigned_to)


async def cluster_of(me: Caller, cluster_id: str) -> ClusterView:
    """The cluster as the person sees it (ApiError if they may not)."""
    return await clusters.cluster_view(
        me.api("review"), me.api("registration"), me.api("access"), cluster_id, datetime.now(UTC)
    )


async def posted(request: Request) -> dict[str, str]:
    """A form's fields (the last value of each)."""
    return {k: str(v) for k, v in (await request.form()).items()}


Act = Callable[[ClusterView], Awaitable[object]]
Again = Callable[[ClusterView, ApiError], Awaitable[HTMLResponse]]


@dataclass(frozen=True)
class Step:
    """A step a form asks of a cluster: what it does, the page again if refused, where to go once done."""

    cluster_id: str
    form: dict[str, str]
    act: Act
    again: Again
    done: str


async def acted(request: Request, me: Caller, step: Step) -> Response:
    """Do a cluster step; then on to `done`, or the same page again with the refusal beside its field."""
    try:
        view = await cluster_of(me, step.cluster_id)
    except ApiError as error:
        await me.close()
        return page(request, "problem.html", me, status=error.status, error=error)
    try:
        await step.act(view)
    except ApiError as error:
        try:
            return await step.again(await cluster_of(me, step.cluster_id), error)
        finally:
            await me.close()
    await me.close()
    return RedirectResponse(step.done, status_code=303)


Render = Callable[[ClusterView], Awaitable[HTMLResponse]]


async def viewed(request: Request, me: Caller, cluster_id: str, render: Render) -> HTMLResponse:
    """A page of the cluster (or why it cannot be shown)."""
    try:
        return await render(await cluster_of(me, cluster_id))
    except ApiError as error:
        return page(request, "problem.html", me, status=error.status, error=error)
    finally:
        await me.close()
