"""HTTP route of an issued decision's papers: the decision and the submission, as DOCX."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from emutrack_kit.auth import Principal
from emutrack_kit.docx_layout import DOCX_MEDIA_TYPE
from review.entrypoints.guards import Guards
from review.usecases import papers

NAMES = {"decision": "quyet-dinh", "submission": "to-trinh"}


def papers_router(guards: Guards) -> APIRouter:
    """`GET /decisions/paper.docx?decision_id=&kind=` (the id holds "|" and the number "/": a query)."""
    ctx, router = guards.ctx, APIRouter(tags=["decisions"])
    Caller = Annotated[Principal, guards.caller()]

    @router.get("/decisions/paper.docx", responses={200: {"content": {DOCX_MEDIA_TYPE: {}}}})
    async def paper(
        caller: Caller,
        decision_id: Annotated[str, Query(min_length=3, max_length=200)],
        kind: Literal["decision", "submission"] = "decision",
    ) -> Response:
        content = await papers.paper(ctx, caller, decision_id, kind)
        headers = {"Content-Disposition": f'attachment; filename="{NAMES[kind]}.docx"'}
        return Response(content, media_type=DOCX_MEDIA_TYPE, headers=headers)

    return router
