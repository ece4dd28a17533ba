"""HTTP routes of initiatives (sáng kiến) and exemplars / good deeds (điển hình, người tốt việc tốt)."""

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from enum import Enum
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from registration import handlers, people_handlers, submission_handlers
from registration.adapters import xlsx
from registration.domain.submissions import EXEMPLAR_CATEGORIES_VI, RECOGNITION_LEVELS_VI, SubmissionKind
from registration.entrypoints.files import xlsx_response
from registration.entrypoints.schemas import ReasonIn, StatusEntry
from registration.handlers import Deps

EXPORT_LIMIT = 50_000
Text = Annotated[str, Field(min_length=2, max_length=5000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AuthorIn(_In):
    """An author of the initiative."""

    full_name: str = Field(min_length=2, max_length=200, examples=["Nguyễn Thị Thịnh"])
    position: str | None = Field(None, max_length=300)
    contribution_percent: int | None = Field(None, ge=1, le=100)


class InitiativeIn(_In):
    """An initiative a unit proposes for recognition."""

    unit_id: str = Field(min_length=1, max_length=100, examples=["p-kim-giang"])
    title: str = Field(min_length=5, max_length=500, examples=["Số hóa sổ hộ tịch bằng mã QR"])
    field: str = Field(min_length=2, max_length=200, examples=["Cải cách hành chính"])
    authors: list[AuthorIn] = Field(min_length=1, max_length=20)
    recognition_level: Literal["co_so", "cap_huyen", "cap_thanh_pho"]
    applied_since: date
    summary: Text
    benefits: Text


class ExemplarIn(_In):
    """An exemplar (collective or person) or a good deed a unit proposes."""

    unit_id: str = Field(min_length=1, max_length=100, examples=["p-kim-giang"])
    category: Literal["dien_hinh_tien_tien", "nguoi_tot_viec_tot"]
    subject_kind: Literal["collective", "individual"]
    subject_name: str = Field(min_length=2, max_length=300, examples=["Trần Văn Bình"])
    subject_position: str | None = Field(None, max_length=300)
    subject_gender: Literal["nam", "nữ"] | None = None
    field: str = Field(min_length=2, max_length=200, examples=["Nhân đạo, từ thiện"])
    achievement: Text


class SubmissionOut(BaseModel):
    """An initiative or exemplar as its unit and the receiving level see it."""

    model_config = ConfigDict(extra="allow")

    submission_id: str
    kind: str
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    unit_path: list[str]
    receiving_unit_id: str
    status: str
    submitted_by: str
    submitted_at: datetime
    history: list[StatusEntry]

    @classmethod
    def of(cls, doc: dict[str, Any]) -> "SubmissionOut":
        """From a stored document (kind-specific fields kept)."""
        hidden = {"_id", "search_folded", "request_hash"}
        fields = {k: v for k, v in doc.items() if k not in hidden}
        if isinstance(fields.get("applied_since"), datetime):
            fields["applied_since"] = fields["applied_since"].date()
        return cls(submission_id=doc["_id"], **fields)


class SubmissionPage(BaseModel):
    """A page of submissions and the total matching."""

    total: int
    items: list[SubmissionOut]


class SubmissionFilters:
    """Filters shared by the lists and their XLSX exports."""

    def __init__(
        self,
        round_id: str | None = None,
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        unit_id: Annotated[str | None, Query(description="a unit: its whole subtree is listed")] = None,
        status: Literal["submitted", "withdrawn"] | None = None,
        q: Annotated[
            str | None, Query(max_length=100, description="title, author or name, any accents")
        ] = None,
    ) -> None:
        self.filters = {"round_id": round_id, "year": year, "unit_id": unit_id, "status": status}
        self.q = q


_EXPORTS: dict[str, tuple[str, list[str]]] = {
    "initiative": (
        "Sáng kiến đề nghị công nhận",
        ["Đơn vị", "Tên sáng kiến", "Lĩnh vực", "Tác giả", "Cấp đề nghị", "Áp dụng từ", "Trạng thái"],
    ),
    "exemplar": (
        "Điển hình tiên tiến, người tốt việc tốt",
        ["Đơn vị", "Loại", "Tập thể / cá nhân", "Chức vụ", "Lĩnh vực", "Thành tích", "Trạng thái"],
    ),
}
_STATUS_VI = {"submitted": "Đã gửi", "withdrawn": "Đã rút"}


def _row(kind: str, doc: dict[str, Any]) -> list[Any]:
    status = _STATUS_VI.get(doc["status"], doc["status"])
    if kind == "initiative":
        authors = ", ".join(a["full_name"] for a in doc["authors"])
        level = RECOGNITION_LEVELS_VI[doc["recognition_level"]]
        applied_text = doc["applied_since"].strftime("%d/%m/%Y")
        return [doc["unit_name"], doc["title"], doc["field"], authors, level, applied_text, status]
    category = EXEMPLAR_CATEGORIES_VI[doc["category"]]
    return [
        doc["unit_name"],
        category,
        doc["subject_name"],
        doc.get("subject_position") or "",
        doc["field"],
        doc["achievement"],
        status,
    ]


def submissions_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /rounds/{id}/initiatives, /initiatives, /rounds/{id}/exemplars, /exemplars."""
    Caller = Annotated[Principal, Depends(authenticated)]
    Submitter = Annotated[
        Principal,
        authorized_first(
            authenticated, partial(people_handlers.authorize_submitter, d), "round_id", "unit_id"
        ),
    ]
    Reader = Annotated[
        Principal, authorized_first(authenticated, partial(handlers.check_unit_filter, d), "unit_id")
    ]
    router = APIRouter()

    IdempotencyKey = Annotated[str | None, Header(max_length=200)]

    async def submit(
        kind: SubmissionKind, round_id: str, body: _In, caller: Principal, key: str | None, response: Response
    ) -> SubmissionOut:
        doc, created = await submission_handlers.submit(
            d, caller, kind, round_id=round_id, draft=body.model_dump(), idempotency_key=key
        )
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return SubmissionOut.of(doc)

    @router.post("/rounds/{round_id}/initiatives", status_code=201, tags=["initiatives"])
    async def submit_initiative(
        round_id: str,
        body: InitiativeIn,
        caller: Submitter,
        response: Response,
        idempotency_key: IdempotencyKey = None,
    ) -> SubmissionOut:
        return await submit("initiative", round_id, body, caller, idempotency_key, response)

    @router.post("/rounds/{round_id}/exemplars", status_code=201, tags=["exemplars"])
    async def submit_exemplar(
        round_id: str,
        body: ExemplarIn,
        caller: Submitter,
        response: Response,
        idempotency_key: IdempotencyKey = None,
    ) -> SubmissionOut:
        return await submit("exemplar", round_id, body, caller, idempotency_key, response)

    def routes(kind: SubmissionKind, plural: str) -> None:
        tag: list[str | Enum] = [plural]

        async def export(caller: Reader, filters: Annotated[SubmissionFilters, Depends()]) -> Response:
            docs, _ = await submission_handlers.list_submissions(
                d, caller, kind, filters=filters.filters, q=filters.q, limit=EXPORT_LIMIT, skip=0
            )
            title, headers = _EXPORTS[kind]
            return xlsx_response(
                xlsx.table(title, headers, [_row(kind, doc) for doc in docs]), f"{plural}.xlsx"
            )

        router.add_api_route(f"/{plural}.xlsx", export, methods=["GET"], tags=tag)

        async def listing(
            caller: Reader,
            filters: Annotated[SubmissionFilters, Depends()],
            limit: Annotated[int, Query(ge=1, le=500)] = 50,
            skip: Annotated[int, Query(ge=0)] = 0,
        ) -> SubmissionPage:
            docs, total = await submission_handlers.list_submissions(
                d, caller, kind, filters=filters.filters, q=filters.q, limit=limit, skip=skip
            )
            return SubmissionPage(total=total, items=[SubmissionOut.of(doc) for doc in docs])

        router.add_api_route(f"/{plural}", listing, methods=["GET"], tags=tag)

        async def read(submission_id: str, caller: Caller) -> SubmissionOut:
            return SubmissionOut.of(await submission_handlers.get_submission(d, caller, kind, submission_id))

        router.add_api_route(f"/{plural}/{{submission_id}}", read, methods=["GET"], tags=tag)

        async def withdraw(submission_id: str, body: ReasonIn, caller: Caller) -> SubmissionOut:
            doc = await submission_handlers.withdraw(d, caller, kind, submission_id, body.reason)
            return SubmissionOut.of(doc)

        router.add_api_route(f"/{plural}/{{submission_id}}/withdraw", withdraw, methods=["POST"], tags=tag)

    routes("initiative", "initiatives")
    routes("exemplar", "exemplars")
    return router
