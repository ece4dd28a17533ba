"""HTTP routes of nomination dossiers and their attachments."""

from dataclasses import asdict
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from registration.adapters import xlsx
from registration.domain.attachments import MAX_BYTES
from registration.domain.dossiers import DOSSIER_KINDS_VI, Dossier, DossierFilter, PriorAward, Subject
from registration.entrypoints.common import Authenticated, IdempotencyKey, mark_replay
from registration.entrypoints.files import xlsx_response
from registration.usecases import access, attachments, dossiers
from registration.usecases.attachments import Attach
from registration.usecases.context import Context
from registration.usecases.dossiers import DraftDossier


class SubjectIn(BaseModel):
    """Who is proposed: the unit itself or one of its units (collective), or a person."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["collective", "individual"]
    unit_id: str | None = Field(None, max_length=100)
    full_name: str | None = Field(None, max_length=200, examples=["Nguyễn Thị Thịnh"])
    position: str | None = Field(None, max_length=300)


class PriorAwardIn(BaseModel):
    """An award the subject already holds (name as on the decision)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=3, max_length=300, examples=["Bằng khen của Chủ tịch UBND Thành phố"])
    year: int
    decision_number: str | None = Field(None, max_length=100, examples=["1234/QĐ-UBND"])


class DossierIn(BaseModel):
    """A draft dossier: status, history and attachments are the server's."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    round_id: str = Field(min_length=1, max_length=100)
    unit_id: str = Field(min_length=1, max_length=100, description="the proposing unit")
    subject: SubjectIn
    award_code: str = Field(min_length=1, max_length=100, examples=["bang_khen_thanh_pho"])
    dossier_kind: Literal["annual_merit", "by_phase", "exceptional", "seniority", "foreign", "lifetime"]
    summary: str = Field(min_length=10, max_length=5000, description="tóm tắt thành tích")
    initiative_ids: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=50, description="initiatives (sáng kiến) the dossier relies on"
    )
    prior_awards: list[PriorAwardIn] = Field(default_factory=list, max_length=30)
    deed_on: date | None = Field(None, description="đột xuất: the day of the deed (proposed within 30 days)")

    def command(self, idempotency_key: str | None) -> DraftDossier:
        """The use case's command."""
        return DraftDossier(
            round_id=self.round_id,
            unit_id=self.unit_id,
            subject=Subject(**self.subject.model_dump()),
            award_code=self.award_code,
            dossier_kind=self.dossier_kind,
            summary=self.summary,
            initiative_ids=tuple(self.initiative_ids),
            prior_awards=tuple(PriorAward(**a.model_dump()) for a in self.prior_awards),
            idempotency_key=idempotency_key,
            deed_on=self.deed_on,
        )


class AttachmentOut(BaseModel):
    """A stored document."""

    attachment_id: str
    kind: str
    filename: str
    file_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class HistoryOut(BaseModel):
    """A status the dossier passed through (review's steps name the level that took them)."""

    status: str
    at: datetime
    by: str
    reason: str | None = None
    level_unit_id: str | None = None


class DossierOut(BaseModel):
    """A dossier as its submitter and the receiving level see it."""

    dossier_id: str
    round_id: str
    unit_id: str
    unit_name: str
    subject_kind: str
    subject_name: str
    award_code: str
    award_name: str
    dossier_kind: str
    summary: str
    status: str
    initiatives: list[dict[str, Any]] = Field(default_factory=list)
    prior_awards: list[dict[str, Any]] = Field(default_factory=list)
    deed_on: date | None = None
    attachments: list[AttachmentOut]
    history: list[HistoryOut]

    @classmethod
    def of(cls, dossier: Dossier) -> "DossierOut":
        """From the domain."""
        return cls(**{k: v for k, v in asdict(dossier).items() if k in cls.model_fields})


EXPORT_LIMIT = 50_000
EXPORT_HEADERS = [
    "Đơn vị đề nghị",
    "Tập thể / cá nhân",
    "Hình thức khen thưởng",
    "Loại",
    "Trạng thái",
    "Số tài liệu",
]
DOSSIER_STATUS_VI = {
    "draft": "Bản nháp",
    "submitted": "Đã gửi",
    "received": "Đã tiếp nhận",
    "returned": "Bị trả lại",
    "appraised": "Đã thẩm định",
    "on_agenda": "Đưa ra Hội đồng",
    "voted": "Đã bỏ phiếu",
    "decided": "Đã có quyết định",
    "forwarded": "Đã trình cấp trên",
    "not_passed": "Không đủ phiếu",
}


class DossierPage(BaseModel):
    """A page of dossiers and the total matching."""

    total: int
    items: list[DossierOut]


class DossierQuery(BaseModel):
    """Filters shared by the list of dossiers and its XLSX export."""

    round_id: str | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    unit_id: str | None = Field(None, description="a unit: its whole subtree is listed")
    status: Literal["draft", "submitted", "returned"] | None = None
    award_code: str | None = None
    dossier_kind: str | None = None
    q: str | None = Field(None, max_length=100, description="subject name, any accents")

    def filter(self) -> DossierFilter:
        """What the use case keeps."""
        return DossierFilter(**self.model_dump())


Filters = Annotated[DossierQuery, Query()]


def dossiers_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes under /dossiers."""
    router = APIRouter(tags=["nomination dossiers"])
    router.include_router(_dossier_routes(ctx, authenticated))
    router.include_router(_attachment_routes(ctx, authenticated))
    return router


def _dossier_routes(ctx: Context, authenticated: Authenticated) -> APIRouter:
    Caller = Annotated[Principal, Depends(authenticated)]
    Drafter = Annotated[
        Principal,
        authorized_first(authenticated, partial(access.authorize_drafter, ctx), "round_id", "unit_id"),
    ]
    Reader = Annotated[
        Principal, authorized_first(authenticated, partial(access.check_unit_filter, ctx), "unit_id")
    ]
    router = APIRouter()

    @router.post("/dossiers", status_code=201)
    async def create(
        body: DossierIn, caller: Drafter, response: Response, idempotency_key: IdempotencyKey = None
    ) -> DossierOut:
        dossier, created = await dossiers.create_dossier(ctx, caller, body.command(idempotency_key))
        mark_replay(response, created)
        return DossierOut.of(dossier)

    @router.get("/dossiers")
    async def list_dossiers(
        caller: Reader,
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> DossierPage:
        page = await dossiers.list_dossiers(ctx, caller, filters.filter(), limit, skip)
        return DossierPage(total=page.total, items=[DossierOut.of(d) for d in page.items])

    @router.get("/dossiers.xlsx")
    async def export_dossiers(caller: Reader, filters: Filters) -> Response:
        page = await dossiers.list_dossiers(ctx, caller, filters.filter(), EXPORT_LIMIT, 0)
        rows = [
            [
                d.unit_name,
                d.subject_name,
                d.award_name,
                DOSSIER_KINDS_VI.get(d.dossier_kind, d.dossier_kind),
                DOSSIER_STATUS_VI.get(d.status, d.status),
                len(d.attachments),
            ]
            for d in page.items
        ]
        content = xlsx.table("Hồ sơ đề nghị khen thưởng", EXPORT_HEADERS, rows)
        return xlsx_response(content, "ho-so-de-nghi-khen-thuong.xlsx")

    @router.get("/dossiers/{dossier_id}")
    async def get(dossier_id: str, caller: Caller) -> DossierOut:
        return DossierOut.of(await dossiers.get_dossier(ctx, caller, dossier_id))

    @router.post("/dossiers/{dossier_id}/submit")
    async def submit(dossier_id: str, caller: Caller) -> DossierOut:
        return DossierOut.of(await dossiers.submit_dossier(ctx, caller, dossier_id))

    return router


def _attachment_routes(ctx: Context, authenticated: Authenticated) -> APIRouter:
    Caller = Annotated[Principal, Depends(authenticated)]
    router = APIRouter()

    @router.post("/dossiers/{dossier_id}/attachments", status_code=201)
    async def attach(
        dossier_id: str,
        caller: Caller,
        file: Annotated[UploadFile, File(description="PDF, DOCX, XLSX, JPG or PNG, at most 20 MB")],
        kind: Annotated[str, Form(description="achievement_report, council_minutes, decision, other")],
        idempotency_key: IdempotencyKey = None,
    ) -> DossierOut:
        content = await file.read(MAX_BYTES + 1)
        command = Attach(dossier_id, kind, file.filename or "", content, idempotency_key)
        return DossierOut.of(await attachments.add_attachment(ctx, caller, command))

    @router.get("/dossiers/{dossier_id}/attachments/{attachment_id}")
    async def download(dossier_id: str, attachment_id: str, caller: Caller) -> StreamingResponse:
        entry, chunks = await attachments.download(ctx, caller, dossier_id, attachment_id)
        return StreamingResponse(
            chunks,
            media_type=entry.media_type,
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(entry.filename)}"},
        )

    return router
