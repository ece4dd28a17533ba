"""Use cases of initiatives and exemplars: submit into a round, read, list, withdraw before the deadline."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from pydantic import BaseModel

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import (
    ExemplarSubmitted,
    InitiativeAuthor,
    InitiativeSubmitted,
    SubmissionWithdrawn,
)
from emutrack_kit.auth import Principal, Role
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Forbidden, NotFound
from emutrack_kit.text import fold, nfc
from registration.adapters.rounds import as_datetime
from registration.adapters.submissions import DuplicateSubmission
from registration.domain.registrations import PRODUCER
from registration.domain.submissions import (
    KIND_VI,
    Author,
    SubmissionKind,
    check_applied_since,
    check_authors,
    ensure_round_for,
    ensure_withdrawable,
)
from registration.handlers import READERS, SUBMITTERS, Deps, reach_filter
from registration.idempotency import ensure_same_request, new_id, request_digest
from registration.people_handlers import _scope as list_scope

WITHDRAWERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.ADMIN)
_PREFIX: dict[str, str] = {"initiative": "sk", "exemplar": "dh"}


async def submit(
    deps: Deps,
    principal: Principal,
    kind: SubmissionKind,
    *,
    round_id: str,
    draft: dict[str, Any],
    idempotency_key: str | None,
) -> tuple[dict[str, Any], bool]:
    """A unit's officer proposes an initiative or an exemplar in a round; returns (record, created)."""
    round_, unit, path = await list_scope(deps, principal, round_id, draft["unit_id"], SUBMITTERS)
    ensure_round_for(kind, round_)
    now = deps.clock()
    round_.ensure_open(now, unit.unit_id)
    submission_id = new_id(_PREFIX[kind], principal, idempotency_key)
    digest = request_digest({"round_id": round_id, **draft})
    common = {
        "submission_id": submission_id,
        "round_id": round_id,
        "year": round_.year,
        "unit_id": unit.unit_id,
        "unit_name": unit.name,
        "receiving_unit_id": round_.receiving_unit_id,
        "submitted_at": now,
    }
    payload: BaseModel
    if kind == "initiative":
        authors = check_authors([Author(**a) for a in draft["authors"]])
        check_applied_since(draft["applied_since"], now.astimezone(HANOI).date())
        payload = InitiativeSubmitted(
            **common,
            title=nfc(draft["title"]),
            field=nfc(draft["field"]),
            authors=[InitiativeAuthor(**asdict(a)) for a in authors],
            recognition_level=draft["recognition_level"],
            applied_since=draft["applied_since"],
            summary=nfc(draft["summary"]),
            benefits=nfc(draft["benefits"]),
        )
        searchable = " ".join([payload.title, *(a.full_name for a in authors)])
    else:
        position = draft.get("subject_position")
        payload = ExemplarSubmitted(
            **common,
            category=draft["category"],
            subject_kind=draft["subject_kind"],
            subject_name=nfc(draft["subject_name"]),
            subject_position=nfc(position) if position else None,
            subject_gender=draft.get("subject_gender"),
            field=nfc(draft["field"]),
            achievement=nfc(draft["achievement"]),
        )
        searchable = payload.subject_name
    event = new_event(
        f"{kind}.submitted",
        producer=PRODUCER,
        unit_path=list(path),
        actor=principal.subject,
        occurred_at=now,
        payload=payload,
    )
    stored = payload.model_dump(mode="python")
    if "applied_since" in stored:
        stored["applied_since"] = as_datetime(stored["applied_since"])  # MongoDB stores no bare dates
    doc = {
        "_id": submission_id,
        "kind": kind,
        **{k: v for k, v in stored.items() if k != "submission_id"},
        "unit_path": list(path),
        "status": "submitted",
        "submitted_by": principal.subject,
        "search_folded": fold(searchable),
        "request_hash": digest,
        "history": [{"status": "submitted", "at": now, "by": principal.subject, "reason": None}],
    }
    try:
        await deps.submissions.add(doc, event)
    except DuplicateSubmission:
        existing = await deps.submissions.get(submission_id)
        assert existing is not None
        ensure_same_request(existing.get("request_hash"), digest)
        return existing, False
    return doc, True


async def get_submission(
    deps: Deps, principal: Principal, kind: SubmissionKind, submission_id: str
) -> dict[str, Any]:
    """One initiative or exemplar, if the caller's bindings reach its unit."""
    doc = await deps.submissions.get(submission_id)
    if doc is None or doc["kind"] != kind:
        raise NotFound("UNKNOWN_SUBMISSION", f"Không tìm thấy {KIND_VI[kind]} '{submission_id}'.")
    if not principal.may(READERS, doc["unit_path"]):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không có quyền xem hồ sơ của đơn vị '{doc['unit_name']}'.",
            field="unit_id",
        )
    return doc


async def list_submissions(
    deps: Deps,
    principal: Principal,
    kind: SubmissionKind,
    *,
    filters: dict[str, Any],
    q: str | None,
    limit: int,
    skip: int,
) -> tuple[list[dict[str, Any]], int]:
    """Initiatives or exemplars the caller reaches; `unit_id` selects a subtree, `q` ignores accents."""
    query = reach_filter(principal)
    query["kind"] = kind
    renamed = {"unit_path" if k == "unit_id" else k: v for k, v in filters.items()}
    query.update({k: v for k, v in renamed.items() if v is not None})
    words = fold(q).split() if q else []
    if words:  # every word of the query, anywhere, in any order
        query["$and"] = [{"search_folded": {"$regex": re.escape(word)}} for word in words]
    return await deps.submissions.search(query, limit, skip)


async def withdraw(
    deps: Deps, principal: Principal, kind: SubmissionKind, submission_id: str, reason: str | None
) -> dict[str, Any]:
    """The unit withdraws its proposal before the round's deadline; publishes `submission.withdrawn`."""
    doc = await get_submission(deps, principal, kind, submission_id)
    if not principal.may(WITHDRAWERS, doc["unit_path"]):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Chỉ cán bộ, thủ trưởng của '{doc['unit_name']}' mới rút được hồ sơ này.",
            field="unit_id",
        )
    ensure_withdrawable(doc["status"])
    round_ = await deps.rounds.get(doc["round_id"])
    assert round_ is not None
    now = deps.clock()
    round_.ensure_open(now, doc["unit_id"])
    reason = nfc(reason) if reason else None
    event = new_event(
        "submission.withdrawn",
        producer=PRODUCER,
        unit_path=doc["unit_path"],
        actor=principal.subject,
        occurred_at=now,
        payload=SubmissionWithdrawn(
            submission_id=submission_id,
            kind=kind,
            round_id=doc["round_id"],
            year=doc["year"],
            unit_id=doc["unit_id"],
            reason=reason,
            withdrawn_at=now,
        ),
    )
    record = {"status": "withdrawn", "at": now, "by": principal.subject, "reason": reason}
    if not await deps.submissions.withdraw(submission_id, record, event):
        ensure_withdrawable("withdrawn")
    return await get_submission(deps, principal, kind, submission_id)
