"""Use cases of individual registrations: submit a unit's list (JSON or XLSX), read it, search people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import IndividualRegistrationsSubmitted, RegisteredPerson
from emutrack_kit.auth import Principal, Reach
from emutrack_kit.errors import NotFound
from emutrack_kit.repository import Page
from emutrack_kit.text import fold
from emutrack_kit.unit_of_work import UnitOfWork
from registration.domain.people import (
    Cells,
    ListedPerson,
    PeopleFilter,
    PeopleList,
    counts_by_title,
    validate_people,
)
from registration.usecases import people_index
from registration.usecases.access import READERS, Scope, scope
from registration.usecases.context import Context
from registration.usecases.lists import commit_list, refuse_rows


@dataclass(frozen=True)
class SubmitPeople:
    """A unit's whole list for a round, as numbered rows (JSON or the XLSX template), unchecked."""

    round_id: str
    unit_id: str
    rows: Sequence[tuple[int, Cells]]


def list_id(round_id: str, unit_id: str) -> str:
    """The id of a unit's list in a round."""
    return f"{round_id}|{unit_id}"


async def submit_people(ctx: Context, principal: Principal, command: SubmitPeople) -> PeopleList:
    """Validate every row, then store the whole list (replacing an earlier one) with its event."""
    found = await scope(ctx, principal, command.round_id, command.unit_id)
    now = ctx.now()
    found.round.ensure_open(now, found.unit.unit_id)
    people, errors = validate_people(command.rows, ctx.today())
    if errors:
        raise refuse_rows(errors, "Danh sách")
    identifier = list_id(command.round_id, command.unit_id)
    submitted = PeopleList(
        list_id=identifier,
        round_id=command.round_id,
        year=found.round.year,
        unit_id=command.unit_id,
        unit_name=found.unit.name,
        unit_path=found.path,
        version=await ctx.people.version(identifier) + 1,
        people=tuple(people),
        counts_by_title=counts_by_title(people),
        submitted_by=principal.subject,
        submitted_at=now,
    )
    uow = UnitOfWork()
    ctx.people.replace(uow, submitted, _submitted_event(submitted, found))
    await commit_list(uow)
    stored = await ctx.people.get(identifier)
    assert stored is not None
    return stored


def _submitted_event(people: PeopleList, found: Scope) -> Envelope:
    registered = [
        RegisteredPerson(
            person_key=p.key,
            full_name=p.full_name,
            birth_date=p.birth_date,
            gender=p.gender,
            position=p.position,
            title_code=p.title_code,
            title_name=p.title_name,
        )
        for p in people.people
    ]
    return new_event(
        "individual_registrations.submitted",
        unit_path=list(people.unit_path),
        actor=people.submitted_by,
        occurred_at=people.submitted_at,
        payload=IndividualRegistrationsSubmitted(
            list_id=people.list_id,
            round_id=people.round_id,
            round_name=found.round.name,
            year=people.year,
            unit_id=people.unit_id,
            unit_name=people.unit_name,
            receiving_unit_id=found.round.receiving_unit_id,
            version=people.version,
            people=registered,
            counts_by_title=people.counts_by_title,
            submitted_at=people.submitted_at,
        ),
    )


async def get_people(ctx: Context, principal: Principal, round_id: str, unit_id: str) -> PeopleList:
    """A unit's list, if the caller reaches the unit."""
    await scope(ctx, principal, round_id, unit_id, READERS)
    stored = await ctx.people.get(list_id(round_id, unit_id))
    if stored is None:
        raise NotFound("NO_LIST", "Đơn vị chưa gửi danh sách đăng ký cá nhân cho đợt này.")
    return stored


async def search_people(
    ctx: Context, principal: Principal, wanted: PeopleFilter, limit: int, skip: int
) -> Page[ListedPerson]:
    """Registered people within the caller's reach; `q` ignores case and accents.

    With words in `q` the search index answers (ADR 0008); without, the lists are scanned.
    """
    if wanted.q and fold(wanted.q):
        return await people_index.search_by_name(ctx, principal, wanted, limit, skip)
    reach = Reach.of(principal)
    if reach.empty:
        return Page([], 0)
    lists = await ctx.people.within(reach, wanted)
    found = [
        ListedPerson(person, lst.unit_id, lst.unit_name, lst.round_id, lst.year)
        for lst in lists
        for person in lst.people
        if wanted.title_code is None or person.title_code == wanted.title_code
    ]
    found.sort(key=lambda p: (fold(p.person.full_name), p.unit_id))
    return Page(found[skip : skip + limit], len(found))
