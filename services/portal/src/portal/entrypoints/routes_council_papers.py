"""An issued decision's papers, as the council's session page offers them: the decision and the submission."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from portal.adapters.api import ApiError
from portal.entrypoints.web import Caller, SessionLoader, page

NAMES = {"decision": "quyet-dinh", "submission": "to-trinh"}


def papers_router(load: SessionLoader) -> APIRouter:
    """/council/papers/{decision|submission}.{docx|pdf}?decision_id= (review decides who may read them)."""
    Me = Annotated[Caller, Depends(load)]
    router = APIRouter()

    @router.get("/council/papers/{kind}.{fmt}")
    async def paper(
        request: Request,
        kind: Literal["decision", "submission"],
        fmt: Literal["docx", "pdf"],
        me: Me,
        decision_id: str,
    ) -> Response:
        review = me.api("review")
        try:
            content, media = await review.get_bytes(
                f"/decisions/paper.{fmt}", decision_id=decision_id, kind=kind
            )
        except ApiError as failed:
            return page(request, "problem.html", me, status=failed.status, error=failed)
        finally:
            await me.close()
        disposition = f'attachment; filename="{NAMES[kind]}.{fmt}"'
        return Response(content, media_type=media, headers={"Content-Disposition": disposition})

    return router
