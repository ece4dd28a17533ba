"""HTTP routes of an issued decision's papers: the decision and the submission, as DOCX or PDF."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from emutrack_kit.auth import Principal
from emutrack_kit.docx_layout import DOCX_MEDIA_TYPE
from emutrack_kit.pdf import PDF_MEDIA_TYPE
from review.entrypoints.guards import Guards
from review.usecases import papers

NAMES = {"decision": "quyet-dinh", "submission": "to-trinh"}
DecisionId = Annotated[str, Query(min_length=3, max_length=200)]
Kind = Literal["decision", "submission"]


def _attachment(content: bytes, media: str, name: str) -> Response:
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def papers_router(guards: Guards) -> APIRouter:
    """`GET /decisions/paper.docx|pdf?decision_id=&kind=` (the id holds "|" and the number "/": a query)."""
    ctx, router = guards.ctx, APIRouter(tags=["decisions"])
    Caller = Annotated[Principal, guards.caller()]

    @router.get("/decisions/paper.docx", responses={200: {"content": {DOCX_MEDIA_TYPE: {}}}})
    async def paper(caller: Caller, decision_id: DecisionId, kind: Kind = "decision") -> Response:
        content = await papers.paper(ctx, caller, decision_id, kind)
        return _attachment(content, DOCX_MEDIA_TYPE, f"{NAMES[kind]}.docx")

    @router.get("/decisions/paper.pdf", responses={200: {"content": {PDF_MEDIA_TYPE: {}}}})
    async def paper_pdf(caller: Caller, decision_id: DecisionId, kind: Kind = "decision") -> Response:
        content = await papers.paper_pdf(ctx, caller, decision_id, kind)
        return _attachment(content, PDF_MEDIA_TYPE, f"{NAMES[kind]}.pdf")

    return router
