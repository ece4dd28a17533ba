"""Use cases of the people search index: keep it from list events, search it by name (ADR 0008)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from emutrack_contracts.events.registration import IndividualRegistrationsSubmitted
from emutrack_kit.auth import Principal
from emutrack_kit.repository import Page
from registration.domain.people import ListedPerson, PeopleFilter
from registration.domain.people_index import (
    ROW_FIELDS,
    Filters,
    Hit,
    IndexedList,
    IndexedRows,
    intersect,
    matches,
    page,
    posting_id,
    query_keys,
)
from registration.usecases.access import READERS
from registration.usecases.context import Context


@dataclass(frozen=True)
class ListSubmitted:
    """A unit's list as its event told it, and the unit's path then."""

    list: IndividualRegistrationsSubmitted
    path: tuple[str, ...]


async def index_list(ctx: Context, submitted: ListSubmitted) -> None:
    """Index a unit's list (replacing its earlier version); a replayed or older one changes nothing."""
    lst = submitted.list
    await ctx.people_index.apply(
        IndexedList(
            list_id=lst.list_id,
            version=lst.version,
            year=lst.year,
            round_id=lst.round_id,
            unit_id=lst.unit_id,
            unit_name=lst.unit_name,
            path=submitted.path,
            rows=[p.model_dump(mode="json", include=set(ROW_FIELDS)) for p in lst.people],
        )
    )


async def search_by_name(
    ctx: Context, principal: Principal, wanted: PeopleFilter, limit: int, skip: int
) -> Page[ListedPerson]:
    """People whose name holds every word of `q` (the last one as a prefix), within reach.

    Ordered by year (newest first), list and row; the total counts every match.
    """
    keys = query_keys(wanted.q or "")
    if not keys:
        return Page([], 0)
    years = [wanted.year] if wanted.year is not None else await ctx.people_index.years()
    postings = await ctx.people_index.postings([posting_id(y, k) for y in years for k in keys])
    filters = Filters(
        lambda path: principal.may(READERS, path), wanted.round_id, wanted.unit_id, wanted.title_code
    )
    hits = [
        hit
        for i, y in enumerate(years)
        for hit in intersect(y, postings[i * len(keys) : (i + 1) * len(keys)], filters)
    ]
    chosen, total = page(hits, skip, limit)
    lists = await ctx.people_index.rows([hit.list_id for hit, _ in chosen])
    return Page(_found(chosen, lists, keys, wanted.title_code), total)


def _found(
    chosen: Sequence[tuple[Hit, int]], lists: dict[str, IndexedRows], keys: list[str], title_code: str | None
) -> list[ListedPerson]:
    found = []
    for hit, row in chosen:
        stored = lists.get(hit.list_id)
        person = stored.person(row) if stored is not None else None
        if stored is None or person is None:
            continue
        # Re-checked: while a resubmitted list is being indexed, a row may hold another person.
        if stored.version != hit.version and not (
            matches(person.full_name, keys) and title_code in (None, person.title_code)
        ):
            continue
        found.append(ListedPerson(person, stored.unit_id, stored.unit_name, stored.round_id, stored.year))
    return found
