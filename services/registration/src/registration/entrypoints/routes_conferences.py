"""HTTP routes of conferences of exemplars: plan, delegates, confirmation, results report, the season."""

from dataclasses import asdict
from datetime import date
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from registration.domain.conferences import BALANCE_VI, MAX_DELEGATES, Conference, Delegate
from registration.entrypoints.common import Authenticated
from registration.entrypoints.files import read_spreadsheet, xlsx_response
from registration.usecases import access, conference_views, conferences
from registration.usecases.context import Context

Criterion = Literal["nu", "tre", "dan_toc", "ton_giao", "truc_tiep", "nganh"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PlanIn(_In):
    """A level's conference: held by a day, its composition and balance rules, the one it feeds."""

    level_unit_id: str = Field(min_length=1, max_length=100, examples=["q-hoan-kiem"])
    name: str = Field(min_length=5, max_length=300, examples=["Hội nghị điển hình tiên tiến quận Hoàn Kiếm"])
    hold_by: date
    exemplar_share: int = Field(70, ge=50, le=100, description="Exemplar delegates, percent at least")
    max_delegates: int | None = Field(None, ge=1, le=MAX_DELEGATES)
    minimums: dict[Criterion, Annotated[int, Field(ge=0, le=MAX_DELEGATES)]] = Field(
        default_factory=dict, examples=[{"nu": 90, "tre": 30, "truc_tiep": 60, "nganh": 8}]
    )
    parent_conference_id: str | None = Field(None, max_length=100)
    pilot: bool = False
    reports_due: date | None = Field(None, description="When the levels below report their conference here")


class DelegateIn(_In):
    """A delegate and the facts the balance rules count."""

    full_name: str = Field(min_length=2, max_length=200)
    category: Literal["dien_hinh", "khach_moi"]
    unit_name: str = Field("", max_length=300)
    sector: str = Field("", max_length=200)
    female: bool = False
    young: bool = False
    ethnic_minority: bool = False
    religious: bool = False
    direct_worker: bool = False
    honoured: bool = False
    sent_up: bool = False


class DelegatesIn(_In):
    """The whole delegation (sent again: replaced)."""

    delegates: list[DelegateIn] = Field(max_length=MAX_DELEGATES)


class ReportIn(_In):
    """The results report of a conference held."""

    held_on: date
    attended: int = Field(ge=0, le=MAX_DELEGATES)
    honoured: int = Field(ge=0, le=MAX_DELEGATES)
    summary: str = Field(min_length=10, max_length=5000)


def conference_out(conference: Conference) -> dict[str, Any]:
    """A conference as the API shows it, with its shortfalls."""
    out = asdict(conference)
    out["minimums"] = [{"criterion": c, "at_least": n, "name": BALANCE_VI[c]} for c, n in conference.minimums]
    return {**out, "shortfalls": conference.shortfalls(), "confirmed": conference.confirmed_at is not None}


def conferences_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes under /conferences."""
    Caller = Annotated[Principal, Depends(authenticated)]
    Planner = Annotated[
        Principal,
        authorized_first(authenticated, partial(access.authorize_level_office, ctx), "level_unit_id"),
    ]
    Office = Annotated[
        Principal,
        authorized_first(authenticated, partial(conferences.authorize_office, ctx), "conference_id"),
    ]
    router = APIRouter(tags=["conferences"])

    @router.post("/conferences", status_code=201)
    async def plan(body: PlanIn, caller: Planner) -> dict[str, Any]:
        command = conferences.PlanConference(
            body.level_unit_id, body.name, body.hold_by, body.exemplar_share, body.max_delegates,
            tuple(sorted(body.minimums.items())), body.parent_conference_id, body.pilot, body.reports_due,
        )  # fmt: skip
        return conference_out(await conferences.plan(ctx, caller, command))

    @router.get("/conferences")
    async def of_level(
        caller: Caller, level_unit_id: Annotated[str, Query(min_length=1, max_length=100)]
    ) -> list[dict[str, Any]]:
        return [conference_out(c) for c in await conferences.of_level(ctx, caller, level_unit_id)]

    @router.get("/conferences/{conference_id}")
    async def season(conference_id: str, caller: Caller) -> dict[str, Any]:
        seen, past_due = await conference_views.season(ctx, caller, conference_id)
        return {
            **conference_out(seen.conference), "below": [asdict(b) for b in seen.below], "late": seen.late,
            "missing": seen.missing(past_due),
            "sent_up": [{"level_name": level, **asdict(d)} for level, d in seen.sent_up],
        }  # fmt: skip

    @router.put("/conferences/{conference_id}/delegates")
    async def delegates(conference_id: str, body: DelegatesIn, caller: Office) -> dict[str, Any]:
        sent = tuple(Delegate(**d.model_dump()) for d in body.delegates)
        return conference_out(await conferences.send_delegates(ctx, caller, conference_id, sent))

    @router.get("/conferences/{conference_id}/delegates.xlsx")
    async def sheet(conference_id: str, caller: Caller) -> Response:
        content = await conferences.sheet_template(ctx, caller, conference_id)
        return xlsx_response(content, f"dai-bieu-{conference_id}.xlsx")

    @router.post("/conferences/{conference_id}/delegates/xlsx")
    async def delegates_sheet(
        conference_id: str, caller: Office, file: Annotated[UploadFile, File()]
    ) -> dict[str, Any]:
        content = await read_spreadsheet(file)
        return conference_out(await conferences.send_sheet(ctx, caller, conference_id, content))

    @router.post("/conferences/{conference_id}/confirmation")
    async def confirm(conference_id: str, caller: Office) -> dict[str, Any]:
        return conference_out(await conferences.confirm(ctx, caller, conference_id))

    @router.post("/conferences/{conference_id}/report")
    async def report(conference_id: str, body: ReportIn, caller: Office) -> dict[str, Any]:
        held = conferences.Held(body.held_on, body.attended, body.honoured, body.summary)
        return conference_out(await conferences.report(ctx, caller, conference_id, held))

    return router
