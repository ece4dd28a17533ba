"""HTTP routes of individual registrations: JSON lists, XLSX templates, uploads and exports."""

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from registration import handlers, people_handlers
from registration.adapters import xlsx
from registration.domain.people import COLUMNS
from registration.entrypoints.files import read_spreadsheet, xlsx_response
from registration.handlers import Deps

LIST_PATH = "/rounds/{round_id}/units/{unit_id}/individual-registrations"


class PersonIn(BaseModel):
    """One row: a person and the title they register for (code or Vietnamese name)."""

    model_config = ConfigDict(extra="forbid")

    full_name: str | None = Field(None, max_length=200, examples=["Nguyễn Thị Thịnh"])
    birth_date: str | None = Field(None, max_length=20, examples=["12/03/1985"])
    gender: str | None = Field(None, max_length=10, examples=["Nữ"])
    position: str | None = Field(None, max_length=300, examples=["Công chức Văn phòng - Thống kê"])
    title: str | None = Field(None, max_length=100, examples=["Lao động tiên tiến"])


class PeopleIn(BaseModel):
    """A unit's whole list; it replaces any earlier list of the round."""

    model_config = ConfigDict(extra="forbid")

    people: list[PersonIn] = Field(max_length=5000)


class PersonOut(BaseModel):
    """A registered person."""

    full_name: str
    birth_date: date | None
    gender: str | None
    position: str | None
    title_code: str
    title_name: str


class PeopleOut(BaseModel):
    """A unit's stored list for a round."""

    round_id: str
    unit_id: str
    unit_name: str
    version: int
    counts_by_title: dict[str, int]
    submitted_by: str
    submitted_at: datetime
    people: list[PersonOut]


class FoundPerson(PersonOut):
    """A registered person and the unit and round of their list."""

    unit_id: str
    unit_name: str
    round_id: str
    year: int


class PeoplePage(BaseModel):
    """A page of registered people and the total found."""

    total: int
    items: list[FoundPerson]


def people_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes of individual registration lists."""
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
    router = APIRouter(tags=["individual registrations"])

    @router.get("/templates/individual-registrations.xlsx")
    async def template(_: Caller) -> Response:
        return xlsx_response(xlsx.individual_template(), "mau-dang-ky-ca-nhan.xlsx")

    @router.put(LIST_PATH)
    async def submit_json(round_id: str, unit_id: str, body: PeopleIn, caller: Submitter) -> PeopleOut:
        rows = [(i, p.model_dump()) for i, p in enumerate(body.people, start=1)]
        stored = await people_handlers.submit_people(d, caller, round_id=round_id, unit_id=unit_id, rows=rows)
        return PeopleOut(**stored)

    @router.post(LIST_PATH + "/xlsx")
    async def submit_xlsx(
        round_id: str, unit_id: str, caller: Submitter, file: Annotated[UploadFile, File()]
    ) -> PeopleOut:
        rows = xlsx.read_individual_rows(await read_spreadsheet(file))
        stored = await people_handlers.submit_people(d, caller, round_id=round_id, unit_id=unit_id, rows=rows)
        return PeopleOut(**stored)

    @router.get(LIST_PATH)
    async def get_people(round_id: str, unit_id: str, caller: Caller) -> PeopleOut:
        stored = await people_handlers.get_people(d, caller, round_id=round_id, unit_id=unit_id)
        return PeopleOut(**stored)

    @router.get(LIST_PATH + ".xlsx")
    async def export_people(round_id: str, unit_id: str, caller: Caller) -> Response:
        stored = await people_handlers.get_people(d, caller, round_id=round_id, unit_id=unit_id)
        rows: list[list[Any]] = [
            [
                p["full_name"],
                _dmy(p.get("birth_date")),
                (p.get("gender") or "").capitalize(),
                p.get("position"),
                p["title_name"],
            ]
            for p in stored["people"]
        ]
        content = xlsx.table(f"Đăng ký cá nhân - {stored['unit_name']}", [c.header for c in COLUMNS], rows)
        return xlsx_response(content, f"dang-ky-ca-nhan-{unit_id}.xlsx")

    @router.get("/people")
    async def search_people(
        caller: Reader,
        q: Annotated[
            str | None,
            Query(
                max_length=100, description="words of a name, any accents and case; the last may be a prefix"
            ),
        ] = None,
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        round_id: str | None = None,
        unit_id: Annotated[str | None, Query(description="a unit: its whole subtree")] = None,
        title_code: str | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> PeoplePage:
        items, total = await people_handlers.search_people(
            d,
            caller,
            q=q,
            year=year,
            round_id=round_id,
            unit_id=unit_id,
            title_code=title_code,
            limit=limit,
            skip=skip,
        )
        return PeoplePage(total=total, items=[FoundPerson(**i) for i in items])

    return router


def _dmy(value: str | None) -> str | None:
    return date.fromisoformat(value).strftime("%d/%m/%Y") if value else None
