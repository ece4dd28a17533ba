"""Use cases after submission: approve, amend, withdraw, and lists of registrations."""

from __future__ import annotations

import re
from typing import Any

from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Conflict, Forbidden, NotFound
from emutrack_kit.text import fold, nfc
from registration.adapters.repositories import ConcurrentChange, DuplicateRegistration
from registration.domain.lifecycle import RegistrationState, Transition, change, is_locked
from registration.domain.titles import title_for
from registration.handlers import Deps, reach_filter

# Who may do what to a unit's registration (own unit, or an admin above it).
ACTORS: dict[Transition, tuple[Role, ...]] = {
    "submit": (Role.UNIT_OFFICER, Role.ADMIN),
    "approve": (Role.UNIT_HEAD, Role.ADMIN),
    "amend": (Role.UNIT_OFFICER, Role.ADMIN),
    "withdraw": (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.ADMIN),
}


DRAFT_READERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD)


def _state(doc: dict[str, Any]) -> RegistrationState:
    return RegistrationState(
        registration_id=doc["_id"],
        round_id=doc["round_id"],
        year=doc["year"],
        unit_id=doc["unit_id"],
        unit_name=doc["unit_name"],
        unit_path=tuple(doc["unit_path"]),
        title_code=doc["title_code"],
        title_name=doc["title_name"],
        status=doc["status"],
    )


async def transition(
    deps: Deps,
    principal: Principal,
    registration_id: str,
    what: Transition,
    *,
    reason: str | None = None,
    title_code: str | None = None,
) -> dict[str, Any]:
    """Submit a draft, approve, amend or withdraw a registration before its round's deadline."""
    doc = await deps.registrations.get(registration_id)
    if doc is None:
        raise NotFound("UNKNOWN_REGISTRATION", f"Không tìm thấy bản đăng ký '{registration_id}'.")
    if not principal.may(ACTORS[what], doc["unit_path"]):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không có quyền thực hiện thao tác này cho đơn vị '{doc['unit_name']}'.",
            field="unit_id",
        )
    round_ = await deps.rounds.get(doc["round_id"])
    assert round_ is not None, "a registration always belongs to a stored round"
    current = _state(doc)
    new_title = title_for(title_code, "collective") if title_code is not None else None
    result = change(
        current,
        what,
        round_=round_,
        actor=principal.subject,
        now=deps.clock(),
        reason=nfc(reason) if reason else None,
        new_title=new_title,
    )
    try:
        return await deps.registrations.apply(result, current.status, principal.subject, reason)
    except DuplicateRegistration:
        raise Conflict(
            "ALREADY_REGISTERED",
            f"Đơn vị '{current.unit_name}' đã đăng ký danh hiệu '{result.state.title_name}' trong đợt này.",
            field="title_code",
        ) from None
    except ConcurrentChange:
        raise Conflict(
            "CONCURRENT_CHANGE",
            "Bản đăng ký vừa được người khác thay đổi; hãy tải lại và thử lại.",
        ) from None


async def list_registrations(
    deps: Deps,
    principal: Principal,
    *,
    round_id: str | None,
    year: int | None,
    unit_id: str | None,
    status: str | None,
    title_code: str | None,
    q: str | None,
    limit: int,
    skip: int,
) -> tuple[list[dict[str, Any]], int]:
    """Registrations within the caller's reach, filtered; `unit_id` selects a subtree."""
    # A draft is the unit's own until it is sent: only its officer, head or an admin see it.
    drafters = [{"unit_id": {"$in": principal.units_with(DRAFT_READERS)}}]
    drafters += [{"unit_path": {"$in": principal.units_with([Role.ADMIN])}}]
    query: dict[str, Any] = {
        "$and": [reach_filter(principal), {"$or": [{"status": {"$ne": "draft"}}, *drafters]}]
    }
    filters: dict[str, Any] = {
        "round_id": round_id,
        "year": year,
        "status": status,
        "title_code": title_code,
        "unit_path": unit_id,
    }
    query.update({k: v for k, v in filters.items() if v is not None})
    if q:
        query["unit_name_folded"] = {"$regex": re.escape(fold(q))}
    return await deps.registrations.search(query, limit, skip)


async def with_lock_state(deps: Deps, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mark each registration `locked` once its round's deadline has passed."""
    now = deps.clock()
    deadlines: dict[str, bool] = {}
    for doc in docs:
        if doc["round_id"] not in deadlines:
            round_ = await deps.rounds.get(doc["round_id"])
            deadlines[doc["round_id"]] = round_ is not None and is_locked(round_, now)
    return [{**d, "locked": deadlines[d["round_id"]] and d["status"] != "withdrawn"} for d in docs]
