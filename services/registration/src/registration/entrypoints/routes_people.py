"""HTTP routes of individual registrations: JSON lists, XLSX templates, uploads and exports."""

from dataclasses import asdict
from datetime import date, datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from emutrack_kit.repository import Page
from registration.adapters import xlsx
from registration.domain.people import COLUMNS, ListedPerson, PeopleFilter, PeopleList, Person
from registration.entrypoints.common import Authenticated
from registration.entrypoints.files import read_spreadsheet, xlsx_response
from registration.usecases import access, people
from registration.usecases.context import Context
from registration.usecases.people import SubmitPeople

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

    @classmethod
    def of(cls, person: Person) -> "PersonOut":
        """From the domain."""
        return cls(**asdict(person))


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

    @classmethod
    def of(cls, stored: PeopleList) -> "PeopleOut":
        """From the domain."""
        fields = {k: v for k, v in asdict(stored).items() if k in cls.model_fields and k != "people"}
        return cls(**fields, people=[PersonOut.of(p) for p in stored.people])


class FoundPerson(PersonOut):
    """A registered person and the unit and round of their list."""

    unit_id: str
    unit_name: str
    round_id: str
    year: int

    @classmethod
    def found(cls, listed: ListedPerson) -> "FoundPerson":
        """From a search's match."""
        return cls(**asdict(listed.person), **{k: v for k, v in asdict(listed).items() if k != "person"})


class PeoplePage(BaseModel):
    """A page of registered people and the total found."""

    total: int
    items: list[FoundPerson]

    @classmethod
    def of(cls, page: Page[ListedPerson]) -> "PeoplePage":
        """From a search's page."""
        return cls(total=page.total, items=[FoundPerson.found(p) for p in page.items])


def people_filter(
    q: Annotated[
        str | None,
        Query(max_length=100, description="words of a name, any accents and case; the last may be a prefix"),
    ] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    round_id: str | None = None,
    unit_id: Annotated[str | None, Query(description="a unit: its whole subtree")] = None,
    title_code: str | None = None,
) -> PeopleFilter:
    """What a search of people keeps."""
    return PeopleFilter(q, year, round_id, unit_id, title_code)


def people_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes of individual registration lists."""
    Caller = Annotated[Principal, Depends(authenticated)]
    Submitter = Annotated[
        Principal,
        authorized_first(authenticated, partial(access.authorize_submitter, ctx), "round_id", "unit_id"),
    ]
    Reader = Annotated[
        Principal, authorized_first(authenticated, partial(access.check_unit_filter, ctx), "unit_id")
    ]
    router = APIRouter(tags=["individual registrations"])

    @router.get("/templates/individual-registrations.xlsx")
    async def template(_: Caller) -> Response:
        return xlsx_response(xlsx.individual_template(), "mau-dang-ky-ca-nhan.xlsx")

    @router.put(LIST_PATH)
    async def submit_json(round_id: str, unit_id: str, body: PeopleIn, caller: Submitter) -> PeopleOut:
        rows = [(i, p.model_dump()) for i, p in enumerate(body.people, start=1)]
        return PeopleOut.of(await people.submit_people(ctx, caller, SubmitPeople(round_id, unit_id, rows)))

    @router.post(LIST_PATH + "/xlsx")
    async def submit_xlsx(
        round_id: str, unit_id: str, caller: Submitter, file: Annotated[UploadFile, File()]
    ) -> PeopleOut:
        rows = xlsx.read_individual_rows(await read_spreadsheet(file))
        return PeopleOut.of(await people.submit_people(ctx, caller, SubmitPeople(round_id, unit_id, rows)))

    @router.get(LIST_PATH)
    async def get_people(round_id: str, unit_id: str, caller: Caller) -> PeopleOut:
        return PeopleOut.of(await people.get_people(ctx, caller, round_id, unit_id))

    @router.get(LIST_PATH + ".xlsx")
    async def export_people(round_id: str, unit_id: str, caller: Caller) -> Response:
        stored = await people.get_people(ctx, caller, round_id, unit_id)
        rows = [
            [
                p.full_name,
                p.birth_date.strftime("%d/%m/%Y") if p.birth_date else None,
                (p.gender or "").capitalize(),
                p.position,
                p.title_name,
            ]
            for p in stored.people
        ]
        content = xlsx.table(f"Đăng ký cá nhân - {stored.unit_name}", [c.header for c in COLUMNS], rows)
        return xlsx_response(content, f"dang-ky-ca-nhan-{unit_id}.xlsx")

    @router.get("/people")
    async def search_people(
        caller: Reader,
        wanted: Annotated[PeopleFilter, Depends(people_filter)],
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        skip: Annotated[int, Query(ge=0)] = 0,
    ) -> PeoplePage:
        return PeoplePage.of(await people.search_people(ctx, caller, wanted, limit, skip))

    return router
