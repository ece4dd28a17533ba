"""Use cases of the people search index: keep it from list events, search it by name."""

from __future__ import annotations

from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import IndividualRegistrationsSubmitted
from emutrack_kit.auth import Principal
from emutrack_kit.consumer import Position
from registration.domain.people_index import (
    ROW_FIELDS,
    Filters,
    IndexedList,
    decode_row,
    intersect,
    matches,
    page,
    posting_id,
    query_keys,
    unpack_rows,
)
from registration.handlers import READERS, Deps


async def on_individual_registrations_submitted(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Index a unit's list (replacing its earlier version); a replayed or older one changes nothing."""
    payload = IndividualRegistrationsSubmitted.model_validate(envelope.payload)
    await deps.people_index.apply(
        IndexedList(
            list_id=payload.list_id,
            version=payload.version,
            year=payload.year,
            round_id=payload.round_id,
            unit_id=payload.unit_id,
            unit_name=payload.unit_name,
            path=tuple(envelope.unit_path),
            rows=[p.model_dump(mode="json", include=set(ROW_FIELDS)) for p in payload.people],
        )
    )


async def search_by_name(
    deps: Deps,
    principal: Principal,
    *,
    q: str,
    year: int | None,
    round_id: str | None,
    unit_id: str | None,
    title_code: str | None,
    limit: int,
    skip: int,
) -> tuple[list[dict[str, Any]], int]:
    """People whose name holds every word of `q` (the last one as a prefix), within reach.

    Ordered by year (newest first), list and row; `total` counts every match.
    """
    keys = query_keys(q)
    if not keys:
        return [], 0
    years = [year] if year is not None else await deps.people_index.years()
    postings = await deps.people_index.postings([posting_id(y, k) for y in years for k in keys])
    filters = Filters(lambda path: principal.may(READERS, path), round_id, unit_id, title_code)
    hits = [
        hit
        for i, y in enumerate(years)
        for hit in intersect(y, postings[i * len(keys) : (i + 1) * len(keys)], filters)
    ]
    chosen, total = page(hits, skip, limit)
    lists = await deps.people_index.rows([hit.list_id for hit, _ in chosen])
    lines = {list_id: unpack_rows(stored["people"]) for list_id, stored in lists.items()}
    items = []
    for hit, row in chosen:
        stored = lists.get(hit.list_id)
        if stored is None or row > len(lines[hit.list_id]):
            continue
        person = decode_row(lines[hit.list_id][row - 1])
        # Re-checked: while a resubmitted list is being indexed, a row may hold another person.
        if stored["v"] != hit.version and not (
            matches(person["full_name"], keys) and title_code in (None, person["title_code"])
        ):
            continue
        items.append(
            {
                **person,
                "unit_id": stored["unit_id"],
                "unit_name": stored["unit_name"],
                "round_id": stored["round_id"],
                "year": stored["year"],
            }
        )
    return items, total
