"""Use cases of nominations at a level: receive them from registration's events, return them, read them."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import NominationSubmitted
from emutrack_contracts.events.review import NominationStatusChanged
from emutrack_kit.auth import SUBTREE_ROLES, Principal, Role, reaches_into
from emutrack_kit.consumer import Position
from emutrack_kit.errors import Conflict, Forbidden, NotFound
from emutrack_kit.text import fold, nfc
from review.domain.nominations import can_receive_again, check_return, nomination_id, subject_key
from review.handlers import Deps, unit_path

PRODUCER = "review"
SYSTEM = "system:review"


def subject_key_of(doc: dict[str, Any]) -> str:
    """The nomination's subject, the same at every level (see domain.nominations.subject_key)."""
    return subject_key(
        doc["subject_kind"], doc.get("subject_unit_id"), doc["proposing_unit_id"], doc["subject_name"]
    )


def quota_unit_of(doc: dict[str, Any]) -> str:
    """The unit whose quotas a nomination uses: a person's unit, or the collective itself."""
    return doc["proposing_unit_id"] if doc["subject_kind"] == "individual" else subject_key_of(doc)


def status_event(
    doc: dict[str, Any],
    status: str,
    actor: str,
    at: datetime,
    reasons: list[str],
    snapshot_hash: str | None = None,
) -> Envelope:
    """`nomination.status_changed`, owned by the proposing unit (its submitter follows it)."""
    return new_event(
        "nomination.status_changed",
        producer=PRODUCER,
        unit_path=list(doc["unit_path"]),
        actor=actor,
        occurred_at=at,
        payload=NominationStatusChanged(
            nomination_id=doc["_id"],
            dossier_id=doc["dossier_id"],
            round_id=doc["round_id"],
            year=doc["year"],
            proposing_unit_id=doc["proposing_unit_id"],
            level_unit_id=doc["level_unit_id"],
            status=status,
            reasons=reasons,
            snapshot_hash=snapshot_hash,
            changed_at=at,
        ),
    )


async def on_nomination_submitted(deps: Deps, envelope: Envelope, _: Position) -> None:
    """A dossier reaches its receiving level: a new nomination, or a returned one coming back."""
    payload = NominationSubmitted.model_validate(envelope.payload)
    path = list(envelope.unit_path)
    level = payload.receiving_unit_id
    level_path = path[: path.index(level) + 1] if level in path else [level]
    fields = {
        "dossier_id": payload.dossier_id,
        "round_id": payload.round_id,
        "year": payload.year,
        "proposing_unit_id": payload.proposing_unit_id,
        "proposing_unit_name": payload.proposing_unit_name,
        "unit_path": path,
        "level_unit_id": level,
        "level_path": level_path,
        "subject_kind": payload.subject_kind,
        "subject_name": payload.subject_name,
        "subject_name_folded": fold(payload.subject_name),
        "subject_unit_id": payload.subject_unit_id,
        "subject_position": payload.subject_position,
        "award_code": payload.award_code,
        "award_name": payload.award_name,
        "dossier_kind": payload.dossier_kind,
        "summary": payload.summary,
        "attachments": [a.model_dump(mode="json") for a in payload.attachments],
        "initiatives": [i.model_dump(mode="json") for i in payload.initiatives],
        "prior_awards": [a.model_dump(mode="json") for a in payload.prior_awards],
        "received_at": payload.submitted_at,
    }
    identifier = nomination_id(payload.dossier_id, level)
    doc = {"_id": identifier, **fields, "status": "received"}
    history = {"status": "received", "at": payload.submitted_at, "by": envelope.actor, "reasons": []}
    event = status_event(doc, "received", SYSTEM, payload.submitted_at, [])
    event_id = str(envelope.event_id)
    if await deps.nominations.receive(doc, event_id, history, event):
        return
    existing = await deps.nominations.get(identifier)
    if existing is not None and can_receive_again(existing["status"]):
        await deps.nominations.receive_again(identifier, fields, event_id, history, event)


def ensure_level_office(principal: Principal, doc: dict[str, Any], act: str) -> None:
    """Only the nomination's level's own standing office (or an admin covering the level) may `act`."""
    own = any(
        b.role == Role.STANDING_OFFICE and b.unit_id == doc["level_unit_id"] for b in principal.bindings
    )
    if not (own or principal.may([Role.ADMIN], doc["level_path"])):
        raise Forbidden(
            "NOT_LEVEL_OFFICE",
            f"Chỉ cơ quan thường trực Hội đồng TĐKT của cấp tiếp nhận mới được {act}.",
            field="nomination_id",
        )


async def get_nomination(deps: Deps, principal: Principal, identifier: str) -> dict[str, Any]:
    """A nomination, for its level (and the levels above) or its proposing unit."""
    doc = await deps.nominations.get(identifier)
    if doc is None:
        raise NotFound("UNKNOWN_NOMINATION", f"Không tìm thấy hồ sơ đề nghị '{identifier}'.")
    if not (principal.may(SUBTREE_ROLES, doc["level_path"]) or principal.may(list(Role), doc["unit_path"])):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không có quyền xem hồ sơ của {doc['proposing_unit_name']}.",
            field="unit_id",
        )
    return doc


async def return_nomination(
    deps: Deps, principal: Principal, identifier: str, reasons: list[str]
) -> dict[str, Any]:
    """The level's standing office returns a received nomination with reasons the submitter can act on."""
    doc = await get_nomination(deps, principal, identifier)
    ensure_level_office(principal, doc, "trả lại hồ sơ")
    cleaned = check_return(doc["status"], [nfc(r) for r in reasons])
    now = deps.clock()
    history = {"status": "returned", "at": now, "by": principal.subject, "reasons": cleaned}
    event = status_event(doc, "returned", principal.subject, now, cleaned)
    if not await deps.nominations.change_status(identifier, "received", "returned", history, event):
        raise Conflict("CONCURRENT_CHANGE", "Hồ sơ vừa được thay đổi; hãy tải lại và thử lại.")
    return await get_nomination(deps, principal, identifier)


async def _paths_of(deps: Deps, unit_id: str) -> list[list[str]]:
    return [await unit_path(deps, unit_id)]


async def check_level_filter(deps: Deps, principal: Principal, level_unit_id: str) -> None:
    """A list filtered by a level answers only a caller whose bindings reach the level or sit below it."""
    if not await reaches_into(principal, level_unit_id, functools.partial(_paths_of, deps)):
        unit = await deps.units.get(level_unit_id)
        name = unit["name"] if unit and unit.get("name") else "cấp này"
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không được xem hồ sơ đề nghị tại {name}.",
            field="level_unit_id",
        )


async def list_nominations(
    deps: Deps, principal: Principal, *, filters: dict[str, Any], q: str | None, limit: int, skip: int
) -> tuple[list[dict[str, Any]], int]:
    """Nominations the caller reaches: those received by its levels, or proposed by its own unit."""
    subtree = principal.units_with(SUBTREE_ROLES)
    own = principal.units_with(set(Role) - SUBTREE_ROLES)
    reach: list[dict[str, Any]] = []
    if subtree:
        reach += [{"level_path": {"$in": subtree}}, {"unit_path": {"$in": subtree}}]
    if own:
        reach.append({"proposing_unit_id": {"$in": own}})
    query: dict[str, Any] = {"$or": reach} if reach else {"_id": {"$exists": False}}
    query.update({k: v for k, v in filters.items() if v is not None})
    if q:
        query["$and"] = [
            {"subject_name_folded": {"$regex": word}} for word in fold(q).split() if word.isalnum()
        ]
    return await deps.nominations.search(query, limit, skip)
