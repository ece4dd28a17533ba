"""HTTP routes of nomination dossiers and their attachments."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Header, Query, Response, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from registration import dossier_handlers, handlers
from registration.adapters import xlsx
from registration.domain.attachments import MAX_BYTES
from registration.domain.dossiers import DOSSIER_KINDS_VI, PriorAward
from registration.entrypoints.files import xlsx_response
from registration.handlers import Deps


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
    attachments: list[AttachmentOut]
    history: list[HistoryOut]

    @classmethod
    def of(cls, doc: dict[str, Any]) -> "DossierOut":
        """From a stored document."""
        return cls(dossier_id=doc["_id"], **{k: v for k, v in doc.items() if k in cls.model_fields})


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


class DossierFilters:
    """Filters shared by the list of dossiers and its XLSX export."""

    def __init__(
        self,
        round_id: str | None = None,
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        unit_id: Annotated[str | None, Query(description="a unit: its whole subtree is listed")] = None,
        status: Literal["draft", "submitted", "returned"] | None = None,
        award_code: str | None = None,
        dossier_kind: str | None = None,
        q: Annotated[str | None, Query(max_length=100, description="subject name, any accents")] = None,
    ) -> None:
        self.filters = {
            "round_id": round_id,
            "year": year,
            "unit_id": unit_id,
            "status": status,
            "award_code": award_code,
            "dossier_kind": dossier_kind,
        }
        self.q = q


def dossiers_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /dossiers."""
    Caller = Annotated[Principal, Depends(authenticated)]
    Drafter = Annotated[
        Principal,
        authorized_first(
            authenticated, partial(dossier_handlers.authorize_drafter, d), "round_id", "unit_id"
        ),
    ]
    Reader = Annotated[
        Principal, authorized_first(authenticated, partial(handlers.check_unit_filter, d), "unit_id")
    ]
    router = APIRouter(tags=["nomination dossiers"])

    @router.post("/dossiers", status_code=201)
    async def create(
        body: DossierIn,
        caller: Drafter,
        response: Response,
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> DossierOut:
        doc, created = await dossier_handlers.create_dossier(
            d,
            caller,
            round_id=body.round_id,
            unit_id=body.unit_id,
            subject=dossier_handlers.Subject(**body.subject.model_dump()),
            award_code=body.award_code,
            dossier_kind=body.dossier_kind,
            summary=body.summary,
            initiative_ids=body.initiative_ids,
            prior_awards=[PriorAward(**a.model_dump()) for a in body.prior_awards],
            idempotency_key=idempotency_key,
        )
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return DossierOut.of(doc)

    @router.get("/dossiers")
    async def list_dossiers(
        caller: Reader,
        filters: Annotated[DossierFilters, Depends()],
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> DossierPage:
        docs, total = await dossier_handlers.list_dossiers(
            d, caller, filters=filters.filters, q=filters.q, limit=limit, skip=skip
        )
        return DossierPage(total=total, items=[DossierOut.of(doc) for doc in docs])

    @router.get("/dossiers.xlsx")
    async def export_dossiers(caller: Reader, filters: Annotated[DossierFilters, Depends()]) -> Response:
        docs, _ = await dossier_handlers.list_dossiers(
            d, caller, filters=filters.filters, q=filters.q, limit=EXPORT_LIMIT, skip=0
        )
        rows = [
            [
                doc["unit_name"],
                doc["subject_name"],
                doc["award_name"],
                DOSSIER_KINDS_VI.get(doc["dossier_kind"], doc["dossier_kind"]),
                DOSSIER_STATUS_VI.get(doc["status"], doc["status"]),
                len(doc["attachments"]),
            ]
            for doc in docs
        ]
        content = xlsx.table("Hồ sơ đề nghị khen thưởng", EXPORT_HEADERS, rows)
        return xlsx_response(content, "ho-so-de-nghi-khen-thuong.xlsx")

    @router.get("/dossiers/{dossier_id}")
    async def get(dossier_id: str, caller: Caller) -> DossierOut:
        return DossierOut.of(await dossier_handlers.get_dossier(d, caller, dossier_id))

    @router.post("/dossiers/{dossier_id}/attachments", status_code=201)
    async def attach(
        dossier_id: str,
        caller: Caller,
        file: Annotated[UploadFile, File(description="PDF, DOCX, XLSX, JPG or PNG, at most 20 MB")],
        kind: Annotated[str, Form(description="achievement_report, council_minutes, decision, other")],
    ) -> DossierOut:
        content = await file.read(MAX_BYTES + 1)
        doc = await dossier_handlers.add_attachment(
            d, caller, dossier_id, kind=kind, filename=file.filename or "", content=content
        )
        return DossierOut.of(doc)

    @router.post("/dossiers/{dossier_id}/submit")
    async def submit(dossier_id: str, caller: Caller) -> DossierOut:
        return DossierOut.of(await dossier_handlers.submit_dossier(d, caller, dossier_id))

    @router.get("/dossiers/{dossier_id}/attachments/{attachment_id}")
    async def download(dossier_id: str, attachment_id: str, caller: Caller) -> StreamingResponse:
        entry, chunks = await dossier_handlers.download(d, caller, dossier_id, attachment_id)
        return StreamingResponse(
            chunks,
            media_type=entry["media_type"],
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(entry['filename'])}"},
        )

    return router


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)
