"""HTTP routes of collective registrations: register, receive late, read, list, export, transitions."""

from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from emutrack_kit.auth import Principal
from emutrack_kit.clock import HANOI
from emutrack_kit.http import authorized_first
from registration.adapters import xlsx
from registration.domain.lifecycle import STATUS_VI
from registration.domain.registrations import RegistrationFilter
from registration.entrypoints.common import Authenticated, IdempotencyKey, mark_replay
from registration.entrypoints.schemas import (
    AmendIn,
    CollectiveRegistrationIn,
    LateRegistrationIn,
    ReasonIn,
    RegistrationOut,
    RegistrationPage,
    TitleOut,
)
from registration.usecases import access, lifecycle, registrations
from registration.usecases.context import Context
from registration.usecases.lifecycle import TransitionRequest
from registration.usecases.registrations import Register

EXPORT_LIMIT = 50_000
EXPORT_HEADERS = ["Đơn vị", "Danh hiệu đăng ký", "Trạng thái", "Thời điểm gửi", "Lý do nhận muộn"]


def registration_filter(
    round_id: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    unit_id: Annotated[str | None, Query(description="a unit: its whole subtree is listed")] = None,
    status: Annotated[Literal["draft", "submitted", "approved", "withdrawn"] | None, Query()] = None,
    title_code: str | None = None,
    q: Annotated[str | None, Query(max_length=100, description="unit name, any accents/case")] = None,
) -> RegistrationFilter:
    """Filters shared by the list and its XLSX export."""
    return RegistrationFilter(round_id, year, unit_id, status, q, title_code)


Filters = Annotated[RegistrationFilter, Depends(registration_filter)]


def registrations_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes under /rounds/{id}/registrations, /rounds/{id}/late-registrations and /registrations."""
    router = APIRouter(tags=["registrations"])
    router.include_router(_submission_routes(ctx, authenticated))
    router.include_router(_list_routes(ctx, authenticated))
    router.include_router(_transition_routes(ctx, authenticated))
    return router


def _submission_routes(ctx: Context, authenticated: Authenticated) -> APIRouter:
    Registrar = Annotated[
        Principal,
        authorized_first(authenticated, partial(access.authorize_registration, ctx), "round_id", "unit_id"),
    ]
    Receiver = Annotated[
        Principal,
        authorized_first(
            authenticated, partial(access.authorize_registration, ctx, late=True), "round_id", "unit_id"
        ),
    ]
    router = APIRouter()

    @router.post("/rounds/{round_id}/registrations", status_code=201)
    async def submit_registration(
        round_id: str,
        body: CollectiveRegistrationIn,
        caller: Registrar,
        response: Response,
        idempotency_key: IdempotencyKey = None,
    ) -> RegistrationOut:
        command = Register(
            round_id, body.unit_id, body.title_code, body.draft, idempotency_key=idempotency_key
        )
        view, created = await registrations.submit_collective_registration(ctx, caller, command)
        mark_replay(response, created)
        return RegistrationOut.of(view)

    @router.post("/rounds/{round_id}/late-registrations", status_code=201)
    async def accept_late_registration(
        round_id: str,
        body: LateRegistrationIn,
        caller: Receiver,
        response: Response,
        idempotency_key: IdempotencyKey = None,
    ) -> RegistrationOut:
        command = Register(round_id, body.unit_id, body.title_code, False, body.reason, idempotency_key)
        view, created = await registrations.accept_late_registration(ctx, caller, command)
        mark_replay(response, created)
        return RegistrationOut.of(view)

    return router


def _list_routes(ctx: Context, authenticated: Authenticated) -> APIRouter:
    Reader = Annotated[
        Principal, authorized_first(authenticated, partial(access.check_unit_filter, ctx), "unit_id")
    ]
    Caller = Annotated[Principal, Depends(authenticated)]
    router = APIRouter()

    @router.get("/titles")
    async def list_titles(
        _: Caller, subject_kind: Literal["collective", "individual"] | None = None
    ) -> list[TitleOut]:
        """The emulation titles one registers for (to any signed-in caller)."""
        return [
            TitleOut(code=t.code, name=t.name, subject_kind=t.subject_kind)
            for t in registrations.titles(subject_kind)
        ]

    @router.get("/registrations")
    async def list_registrations(
        caller: Reader,
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> RegistrationPage:
        page = await lifecycle.list_registrations(ctx, caller, filters, limit, skip)
        return RegistrationPage(total=page.total, items=[RegistrationOut.of(v) for v in page.items])

    @router.get("/registrations.xlsx")
    async def export_registrations(caller: Reader, filters: Filters) -> Response:
        page = await lifecycle.list_registrations(ctx, caller, filters, EXPORT_LIMIT, 0)
        rows = [
            [
                r.unit_name,
                r.title.name,
                STATUS_VI.get(r.status, r.status),
                r.submitted_at.astimezone(HANOI).strftime("%d/%m/%Y %H:%M"),
                r.late_reason or "",
            ]
            for r in (v.registration for v in page.items)
        ]
        content = xlsx.table("Đăng ký danh hiệu tập thể", EXPORT_HEADERS, rows)
        return Response(
            content,
            media_type=xlsx.XLSX_MEDIA_TYPE,
            headers={"Content-Disposition": "attachment; filename=dang-ky-tap-the.xlsx"},
        )

    return router


def _transition_routes(ctx: Context, authenticated: Authenticated) -> APIRouter:
    Caller = Annotated[Principal, Depends(authenticated)]
    router = APIRouter()

    async def change(caller: Principal, request: TransitionRequest) -> RegistrationOut:
        return RegistrationOut.of(await lifecycle.transition(ctx, caller, request))

    @router.get("/registrations/{registration_id}")
    async def get_registration(registration_id: str, caller: Caller) -> RegistrationOut:
        return RegistrationOut.of(await registrations.get_registration(ctx, caller, registration_id))

    @router.post("/registrations/{registration_id}/submit")
    async def submit_draft(registration_id: str, caller: Caller) -> RegistrationOut:
        return await change(caller, TransitionRequest(registration_id, "submit"))

    @router.post("/registrations/{registration_id}/approve")
    async def approve(registration_id: str, caller: Caller) -> RegistrationOut:
        return await change(caller, TransitionRequest(registration_id, "approve"))

    @router.post("/registrations/{registration_id}/withdraw")
    async def withdraw(registration_id: str, body: ReasonIn, caller: Caller) -> RegistrationOut:
        return await change(caller, TransitionRequest(registration_id, "withdraw", reason=body.reason))

    @router.patch("/registrations/{registration_id}")
    async def amend(registration_id: str, body: AmendIn, caller: Caller) -> RegistrationOut:
        return await change(caller, TransitionRequest(registration_id, "amend", title_code=body.title_code))

    return router
