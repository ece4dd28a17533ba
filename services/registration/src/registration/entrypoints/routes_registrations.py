"""HTTP routes of rounds and registrations."""

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Response

from emutrack_kit.auth import Principal
from emutrack_kit.clock import HANOI
from emutrack_kit.http import authorized_first
from registration import handlers, lifecycle_handlers
from registration.adapters import xlsx
from registration.domain.lifecycle import STATUS_VI
from registration.entrypoints.schemas import (
    AmendIn,
    CollectiveRegistrationIn,
    LateRegistrationIn,
    ReasonIn,
    RegistrationOut,
    RegistrationPage,
)
from registration.handlers import Deps

EXPORT_LIMIT = 50_000
EXPORT_HEADERS = ["Đơn vị", "Danh hiệu đăng ký", "Trạng thái", "Thời điểm gửi", "Lý do nhận muộn"]


class RegistrationFilters:
    """Filters shared by the list and its XLSX export."""

    def __init__(
        self,
        round_id: str | None = None,
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        unit_id: Annotated[str | None, Query(description="a unit: its whole subtree is listed")] = None,
        status: Annotated[Literal["draft", "submitted", "approved", "withdrawn"] | None, Query()] = None,
        title_code: str | None = None,
        q: Annotated[str | None, Query(max_length=100, description="unit name, any accents/case")] = None,
    ) -> None:
        self.round_id = round_id
        self.year = year
        self.unit_id = unit_id
        self.status = status
        self.title_code = title_code
        self.q = q


def registrations_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /rounds and /registrations."""
    Caller = Annotated[Principal, Depends(authenticated)]
    Registrar = Annotated[
        Principal,
        authorized_first(authenticated, partial(handlers.authorize_registration, d), "round_id", "unit_id"),
    ]
    Receiver = Annotated[
        Principal,
        authorized_first(
            authenticated, partial(handlers.authorize_late_registration, d), "round_id", "unit_id"
        ),
    ]
    Reader = Annotated[
        Principal, authorized_first(authenticated, partial(handlers.check_unit_filter, d), "unit_id")
    ]
    router = APIRouter()

    @router.post("/rounds/{round_id}/registrations", status_code=201, tags=["registrations"])
    async def submit_registration(
        round_id: str,
        body: CollectiveRegistrationIn,
        caller: Registrar,
        response: Response,
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> RegistrationOut:
        doc, created = await handlers.submit_collective_registration(
            d,
            caller,
            round_id=round_id,
            unit_id=body.unit_id,
            title_code=body.title_code,
            idempotency_key=idempotency_key,
            draft=body.draft,
        )
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return await _out(doc)

    @router.post("/rounds/{round_id}/late-registrations", status_code=201, tags=["registrations"])
    async def accept_late_registration(
        round_id: str,
        body: LateRegistrationIn,
        caller: Receiver,
        response: Response,
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> RegistrationOut:
        doc, created = await handlers.accept_late_registration(
            d,
            caller,
            round_id=round_id,
            unit_id=body.unit_id,
            title_code=body.title_code,
            reason=body.reason,
            idempotency_key=idempotency_key,
        )
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return await _out(doc)

    @router.get("/registrations", tags=["registrations"])
    async def list_registrations(
        caller: Reader,
        filters: Annotated[RegistrationFilters, Depends()],
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> RegistrationPage:
        docs, total = await lifecycle_handlers.list_registrations(
            d, caller, **filters.__dict__, limit=limit, skip=skip
        )
        marked = await lifecycle_handlers.with_lock_state(d, docs)
        return RegistrationPage(total=total, items=[RegistrationOut.of(doc) for doc in marked])

    @router.get("/registrations.xlsx", tags=["registrations"])
    async def export_registrations(
        caller: Reader, filters: Annotated[RegistrationFilters, Depends()]
    ) -> Response:
        docs, _ = await lifecycle_handlers.list_registrations(
            d, caller, **filters.__dict__, limit=EXPORT_LIMIT, skip=0
        )
        rows = [
            [
                doc["unit_name"],
                doc["title_name"],
                STATUS_VI.get(doc["status"], doc["status"]),
                doc["submitted_at"].astimezone(HANOI).strftime("%d/%m/%Y %H:%M"),
                doc.get("late_reason") or "",
            ]
            for doc in docs
        ]
        content = xlsx.table("Đăng ký danh hiệu tập thể", EXPORT_HEADERS, rows)
        return Response(
            content,
            media_type=xlsx.XLSX_MEDIA_TYPE,
            headers={"Content-Disposition": "attachment; filename=dang-ky-tap-the.xlsx"},
        )

    @router.get("/registrations/{registration_id}", tags=["registrations"])
    async def get_registration(registration_id: str, caller: Caller) -> RegistrationOut:
        return await _out(await handlers.get_registration(d, caller, registration_id))

    @router.post("/registrations/{registration_id}/submit", tags=["registrations"])
    async def submit_draft(registration_id: str, caller: Caller) -> RegistrationOut:
        return await _out(await lifecycle_handlers.transition(d, caller, registration_id, "submit"))

    @router.post("/registrations/{registration_id}/approve", tags=["registrations"])
    async def approve(registration_id: str, caller: Caller) -> RegistrationOut:
        return await _out(await lifecycle_handlers.transition(d, caller, registration_id, "approve"))

    @router.post("/registrations/{registration_id}/withdraw", tags=["registrations"])
    async def withdraw(registration_id: str, body: ReasonIn, caller: Caller) -> RegistrationOut:
        doc = await lifecycle_handlers.transition(d, caller, registration_id, "withdraw", reason=body.reason)
        return await _out(doc)

    @router.patch("/registrations/{registration_id}", tags=["registrations"])
    async def amend(registration_id: str, body: AmendIn, caller: Caller) -> RegistrationOut:
        doc = await lifecycle_handlers.transition(
            d, caller, registration_id, "amend", title_code=body.title_code
        )
        return await _out(doc)

    async def _out(doc: dict[str, Any]) -> RegistrationOut:
        [marked] = await lifecycle_handlers.with_lock_state(d, [doc])
        return RegistrationOut.of(marked)

    return router
