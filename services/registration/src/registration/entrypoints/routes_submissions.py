"""HTTP routes of initiatives (sáng kiến) and exemplars / good deeds (điển hình, người tốt việc tốt)."""

from dataclasses import asdict
from datetime import date, datetime
from enum import Enum
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from registration.adapters import xlsx
from registration.domain.submissions import (
    EXEMPLAR_CATEGORIES_VI,
    RECOGNITION_LEVELS_VI,
    Author,
    Exemplar,
    Initiative,
    Submission,
    SubmissionFilter,
    SubmissionKind,
)
from registration.entrypoints.common import Authenticated, IdempotencyKey, mark_replay
from registration.entrypoints.files import xlsx_response
from registration.entrypoints.schemas import ReasonIn, StatusEntry
from registration.usecases import access, submissions
from registration.usecases.context import Context
from registration.usecases.submissions import Propose, Withdraw

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

    def command(self, round_id: str, idempotency_key: str | None) -> Propose:
        """The use case's command."""
        fields = self.model_dump(exclude={"unit_id", "authors"})
        authors = tuple(Author(**a.model_dump()) for a in self.authors)
        return Propose(round_id, self.unit_id, Initiative(**fields, authors=authors), idempotency_key)


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

    def command(self, round_id: str, idempotency_key: str | None) -> Propose:
        """The use case's command."""
        return Propose(
            round_id, self.unit_id, Exemplar(**self.model_dump(exclude={"unit_id"})), idempotency_key
        )


class SubmissionOut(BaseModel):
    """An initiative or exemplar as its unit and the receiving level see it (with its kind's fields)."""

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
    def of(cls, submission: Submission) -> "SubmissionOut":
        """From the domain: the common fields, then those of an initiative or an exemplar."""
        common = {k: v for k, v in asdict(submission).items() if k not in ("proposal", "history")}
        history = [StatusEntry.of(e) for e in submission.history]
        return cls(**common, **asdict(submission.proposal), history=history)


class SubmissionPage(BaseModel):
    """A page of submissions and the total matching."""

    total: int
    items: list[SubmissionOut]


def submission_filter(
    round_id: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    unit_id: Annotated[str | None, Query(description="a unit: its whole subtree is listed")] = None,
    status: Literal["submitted", "withdrawn"] | None = None,
    q: Annotated[str | None, Query(max_length=100, description="title, author or name, any accents")] = None,
) -> SubmissionFilter:
    """Filters shared by the lists and their XLSX exports."""
    return SubmissionFilter(round_id, year, unit_id, status, q)


Filters = Annotated[SubmissionFilter, Depends(submission_filter)]
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


def _row(submission: Submission) -> list[Any]:
    status = _STATUS_VI.get(submission.status, submission.status)
    p = submission.proposal
    if isinstance(p, Initiative):
        authors = ", ".join(a.full_name for a in p.authors)
        level = RECOGNITION_LEVELS_VI[p.recognition_level]
        return [
            submission.unit_name,
            p.title,
            p.field,
            authors,
            level,
            p.applied_since.strftime("%d/%m/%Y"),
            status,
        ]
    category = EXEMPLAR_CATEGORIES_VI[p.category]
    return [
        submission.unit_name,
        category,
        p.subject_name,
        p.subject_position or "",
        p.field,
        p.achievement,
        status,
    ]


def submissions_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes under /rounds/{id}/initiatives, /initiatives, /rounds/{id}/exemplars, /exemplars."""
    router = APIRouter()
    router.include_router(_proposal_routes(ctx, authenticated))
    router.include_router(_kind_routes(ctx, authenticated, "initiative", "initiatives"))
    router.include_router(_kind_routes(ctx, authenticated, "exemplar", "exemplars"))
    return router


def _proposal_routes(ctx: Context, authenticated: Authenticated) -> APIRouter:
    Submitter = Annotated[
        Principal,
        authorized_first(authenticated, partial(access.authorize_submitter, ctx), "round_id", "unit_id"),
    ]
    router = APIRouter()

    async def submit(command: Propose, caller: Principal, response: Response) -> SubmissionOut:
        submission, created = await submissions.submit(ctx, caller, command)
        mark_replay(response, created)
        return SubmissionOut.of(submission)

    @router.post("/rounds/{round_id}/initiatives", status_code=201, tags=["initiatives"])
    async def submit_initiative(
        round_id: str,
        body: InitiativeIn,
        caller: Submitter,
        response: Response,
        idempotency_key: IdempotencyKey = None,
    ) -> SubmissionOut:
        return await submit(body.command(round_id, idempotency_key), caller, response)

    @router.post("/rounds/{round_id}/exemplars", status_code=201, tags=["exemplars"])
    async def submit_exemplar(
        round_id: str,
        body: ExemplarIn,
        caller: Submitter,
        response: Response,
        idempotency_key: IdempotencyKey = None,
    ) -> SubmissionOut:
        return await submit(body.command(round_id, idempotency_key), caller, response)

    return router


def _kind_routes(ctx: Context, authenticated: Authenticated, kind: SubmissionKind, plural: str) -> APIRouter:
    Caller = Annotated[Principal, Depends(authenticated)]
    Reader = Annotated[
        Principal, authorized_first(authenticated, partial(access.check_unit_filter, ctx), "unit_id")
    ]
    tag: list[str | Enum] = [plural]
    router = APIRouter(tags=tag)

    async def export(caller: Reader, filters: Filters) -> Response:
        page = await submissions.list_submissions(ctx, caller, kind, filters, EXPORT_LIMIT, 0)
        title, headers = _EXPORTS[kind]
        return xlsx_response(xlsx.table(title, headers, [_row(s) for s in page.items]), f"{plural}.xlsx")

    router.add_api_route(f"/{plural}.xlsx", export, methods=["GET"])

    async def listing(
        caller: Reader,
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> SubmissionPage:
        page = await submissions.list_submissions(ctx, caller, kind, filters, limit, skip)
        return SubmissionPage(total=page.total, items=[SubmissionOut.of(s) for s in page.items])

    router.add_api_route(f"/{plural}", listing, methods=["GET"])

    async def read(submission_id: str, caller: Caller) -> SubmissionOut:
        return SubmissionOut.of(await submissions.get_submission(ctx, caller, kind, submission_id))

    router.add_api_route(f"/{plural}/{{submission_id}}", read, methods=["GET"])

    async def withdraw(submission_id: str, body: ReasonIn, caller: Caller) -> SubmissionOut:
        command = Withdraw(kind, submission_id, body.reason)
        return SubmissionOut.of(await submissions.withdraw(ctx, caller, command))

    router.add_api_route(f"/{plural}/{{submission_id}}/withdraw", withdraw, methods=["POST"])
    return router
