"""Use cases of individual registrations: submit a unit's list (JSON or XLSX), read it back."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import IndividualRegistrationsSubmitted, RegisteredPerson
from emutrack_kit.auth import SUBTREE_ROLES, Principal
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Forbidden, NotFound, Unprocessable
from emutrack_kit.text import fold
from registration import index_handlers
from registration.domain.people import counts_by_title, validate_people
from registration.domain.registrations import PRODUCER
from registration.handlers import READERS, SUBMITTERS, Deps


def list_id(round_id: str, unit_id: str) -> str:
    """The id of a unit's list in a round."""
    return f"{round_id}|{unit_id}"


async def _scope(
    deps: Deps, principal: Principal, round_id: str, unit_id: str, roles: Any
) -> tuple[Any, Any, Any]:
    round_ = await deps.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    unit = await deps.units.get(unit_id)
    if unit is None:
        raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    path = await deps.units.path_on(unit_id, round_.opened_on)
    if not principal.may(roles, path):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không có quyền thực hiện thao tác này cho đơn vị '{unit.name}'.",
            field="unit_id",
        )
    if round_.receiving_unit_id not in path:
        raise Unprocessable(
            "UNIT_OUTSIDE_ROUND",
            f"Đơn vị '{unit.name}' không thuộc phạm vi của đợt '{round_.name}'.",
            field="unit_id",
        )
    return round_, unit, path


async def authorize_submitter(deps: Deps, principal: Principal, round_id: str, unit_id: str) -> None:
    """The caller may send the unit's lists, forms and proposals in the round (its officer, an admin)."""
    await _scope(deps, principal, round_id, unit_id, SUBMITTERS)


async def authorize_reader(deps: Deps, principal: Principal, round_id: str, unit_id: str) -> None:
    """The caller's bindings reach the unit, in the round's tree."""
    await _scope(deps, principal, round_id, unit_id, READERS)


async def submit_people(
    deps: Deps,
    principal: Principal,
    *,
    round_id: str,
    unit_id: str,
    rows: list[tuple[int, dict[str, Any]]],
) -> dict[str, Any]:
    """Validate every row, then store the whole list (replacing an earlier one) with its event."""
    round_, unit, path = await _scope(deps, principal, round_id, unit_id, SUBMITTERS)
    now = deps.clock()
    round_.ensure_open(now, unit.unit_id)
    people, errors = validate_people(rows, now.astimezone(HANOI).date())
    if errors:
        raise Unprocessable(
            "INVALID_ROWS",
            f"Danh sách có {len(errors)} lỗi; không dòng nào được lưu. Sửa các dòng được nêu và gửi lại.",
            details={"errors": [asdict(e) for e in errors]},
        )
    identifier = list_id(round_id, unit_id)
    previous = await deps.people.get(identifier)
    version = (previous["version"] + 1) if previous else 1
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
        for p in people
    ]
    counts = counts_by_title(people)
    event = new_event(
        "individual_registrations.submitted",
        producer=PRODUCER,
        unit_path=list(path),
        actor=principal.subject,
        occurred_at=now,
        payload=IndividualRegistrationsSubmitted(
            list_id=identifier,
            round_id=round_id,
            round_name=round_.name,
            year=round_.year,
            unit_id=unit_id,
            unit_name=unit.name,
            receiving_unit_id=round_.receiving_unit_id,
            version=version,
            people=registered,
            counts_by_title=counts,
            submitted_at=now,
        ),
    )
    fields = {
        "round_id": round_id,
        "year": round_.year,
        "unit_id": unit_id,
        "unit_name": unit.name,
        "unit_path": list(path),
        "people": [{**r.model_dump(mode="json"), "name_folded": fold(r.full_name)} for r in registered],
        "counts_by_title": counts,
        "submitted_by": principal.subject,
        "submitted_at": now,
    }
    return await deps.people.replace_list(identifier, fields, version, event)


async def get_people(deps: Deps, principal: Principal, *, round_id: str, unit_id: str) -> dict[str, Any]:
    """A unit's list, if the caller reaches the unit."""
    await _scope(deps, principal, round_id, unit_id, READERS)
    stored = await deps.people.get(list_id(round_id, unit_id))
    if stored is None:
        raise NotFound("NO_LIST", "Đơn vị chưa gửi danh sách đăng ký cá nhân cho đợt này.")
    return stored


async def search_people(
    deps: Deps,
    principal: Principal,
    *,
    q: str | None,
    year: int | None,
    round_id: str | None,
    unit_id: str | None,
    title_code: str | None,
    limit: int,
    skip: int,
) -> tuple[list[dict[str, Any]], int]:
    """Registered people within the caller's reach; `q` ignores case and accents.

    With words in `q` the search index answers (ADR 0008); without, the lists are scanned.
    """
    if q and fold(q):
        return await index_handlers.search_by_name(
            deps,
            principal,
            q=q,
            year=year,
            round_id=round_id,
            unit_id=unit_id,
            title_code=title_code,
            limit=limit,
            skip=skip,
        )
    subtree = principal.units_with(SUBTREE_ROLES)
    own = principal.units_with(set(READERS) - SUBTREE_ROLES)
    reach = [{"unit_path": {"$in": subtree}}] if subtree else []
    reach += [{"unit_id": {"$in": own}}] if own else []
    if not reach:
        return [], 0
    query: dict[str, Any] = {"$or": reach}
    query.update({k: v for k, v in {"year": year, "round_id": round_id, "unit_path": unit_id}.items() if v})
    matches = [
        {
            **person,
            "unit_id": lst["unit_id"],
            "unit_name": lst["unit_name"],
            "round_id": lst["round_id"],
            "year": lst["year"],
        }
        for lst in await deps.people.find(query)
        for person in lst["people"]
        if title_code is None or person["title_code"] == title_code
    ]
    matches.sort(key=lambda p: (p["name_folded"], p["unit_id"]))
    return matches[skip : skip + limit], len(matches)
