"""Use cases of nomination dossiers: draft, attach documents, submit, read."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import AttachmentRef, LinkedInitiative, NominationSubmitted
from emutrack_contracts.events.registration import PriorAward as PriorAwardOut
from emutrack_kit.auth import Principal
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Conflict, Forbidden, NotFound, Unprocessable
from emutrack_kit.text import fold, nfc
from registration.adapters.dossiers import DossierChanged, DuplicateDossier
from registration.domain import attachments
from registration.domain.dossiers import (
    PriorAward,
    award_for,
    check_prior_awards,
    ensure_complete,
    ensure_editable,
    ensure_kind_of_round,
)
from registration.domain.org import Unit
from registration.domain.registrations import PRODUCER
from registration.domain.rounds import Round
from registration.handlers import READERS, SUBMITTERS, Deps, reach_filter
from registration.idempotency import ensure_same_request, new_id, request_digest


@dataclass(frozen=True)
class Subject:
    """Who is proposed: a unit (collective) or a person of the proposing unit."""

    kind: str
    unit_id: str | None
    full_name: str | None
    position: str | None


def _forbidden(name: str) -> Forbidden:
    return Forbidden(
        "FORBIDDEN_UNIT", f"Tài khoản của bạn không có quyền với hồ sơ của đơn vị '{name}'.", field="unit_id"
    )


async def _drafting(
    d: Deps, principal: Principal, round_id: str, unit_id: str
) -> tuple[Round, Unit, tuple[str, ...]]:
    """The nomination round, the unit and its path, once the caller may draft the unit's dossiers."""
    round_ = await d.rounds.get(round_id)
    if round_ is None or round_.kind != "nomination":
        raise Unprocessable(
            "UNKNOWN_ROUND", f"Không có đợt đề nghị khen thưởng '{round_id}'.", field="round_id"
        )
    unit = await d.units.get(unit_id)
    if unit is None:
        raise Unprocessable("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    path = await d.units.path_on(unit_id, round_.opened_on)
    if not principal.may(SUBMITTERS, path):
        raise _forbidden(unit.name)
    if round_.receiving_unit_id not in path:
        raise Unprocessable(
            "UNIT_OUTSIDE_ROUND",
            f"Đơn vị '{unit.name}' không thuộc phạm vi của đợt '{round_.name}'.",
            field="unit_id",
        )
    return round_, unit, path


async def authorize_drafter(d: Deps, principal: Principal, round_id: str, unit_id: str) -> None:
    """The caller may draft the unit's dossiers in the nomination round (its officer, an admin above)."""
    await _drafting(d, principal, round_id, unit_id)


async def create_dossier(
    d: Deps,
    principal: Principal,
    *,
    round_id: str,
    unit_id: str,
    subject: Subject,
    award_code: str,
    dossier_kind: str,
    summary: str,
    initiative_ids: Sequence[str] = (),
    prior_awards: Sequence[PriorAward] = (),
    idempotency_key: str | None = None,
) -> tuple[dict[str, Any], bool]:
    """A unit's officer drafts a dossier in a nomination round; returns (dossier, created)."""
    round_, unit, path = await _drafting(d, principal, round_id, unit_id)
    award = award_for(award_code, subject.kind)
    ensure_kind_of_round(dossier_kind, round_.award_kind, round_.name)
    if subject.kind == "collective":
        subject_unit = await d.units.get(subject.unit_id or unit_id)
        if subject_unit is None or unit_id not in await d.units.path_on(
            subject_unit.unit_id, round_.opened_on
        ):
            raise Unprocessable(
                "SUBJECT_OUTSIDE_UNIT",
                "Tập thể được đề nghị phải là đơn vị đề nghị hoặc đơn vị trực thuộc.",
                field="subject.unit_id",
            )
        subject_name, subject_unit_id = subject_unit.name, subject_unit.unit_id
    else:
        if not subject.full_name:
            raise Unprocessable(
                "MISSING_NAME", "Cần họ và tên cá nhân được đề nghị.", field="subject.full_name"
            )
        subject_name, subject_unit_id = nfc(subject.full_name), None
    now = d.clock()
    linked = await _linked_initiatives(d, unit_id, initiative_ids)
    declared = check_prior_awards(prior_awards, now.astimezone(HANOI).year)
    doc: dict[str, Any] = {
        "_id": new_id("hs", principal, idempotency_key),
        "round_id": round_id,
        "year": round_.year,
        "unit_id": unit_id,
        "unit_name": unit.name,
        "unit_path": list(path),
        "receiving_unit_id": round_.receiving_unit_id,
        "subject_kind": subject.kind,
        "subject_name": subject_name,
        "subject_name_folded": fold(subject_name),
        "subject_unit_id": subject_unit_id,
        "subject_position": nfc(subject.position) if subject.position else None,
        "award_code": award.code,
        "award_name": award.name,
        "dossier_kind": dossier_kind,
        "summary": nfc(summary),
        "initiatives": linked,
        "prior_awards": [asdict(a) for a in declared],
        "status": "draft",
        "attachments": [],
        "history": [{"status": "draft", "at": now, "by": principal.subject, "reason": None}],
        "created_at": now,
    }
    digest = request_digest(
        {"round_id": round_id, "unit_id": unit_id, "subject": asdict(subject), "award_code": award_code,
         "dossier_kind": dossier_kind, "summary": summary, "initiative_ids": list(initiative_ids),
         "prior_awards": [asdict(a) for a in prior_awards]}
    )  # fmt: skip
    doc["request_hash"] = digest
    try:
        await d.dossiers.create(doc)
    except DuplicateDossier:
        existing = await d.dossiers.get(doc["_id"])
        assert existing is not None
        ensure_same_request(existing.get("request_hash"), digest)
        return existing, False
    return doc, True


async def _linked_initiatives(d: Deps, unit_id: str, initiative_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The initiatives a dossier relies on: proposed by the unit or below it, and not withdrawn."""
    linked = []
    for index, submission_id in enumerate(dict.fromkeys(initiative_ids)):
        found = await d.submissions.get(submission_id)
        if found is None or found["kind"] != "initiative" or found["status"] == "withdrawn":
            raise Unprocessable(
                "UNKNOWN_INITIATIVE",
                f"Không có sáng kiến '{submission_id}'.",
                field=f"initiative_ids[{index}]",
            )
        if unit_id not in found["unit_path"]:
            raise Unprocessable(
                "INITIATIVE_OF_ANOTHER_UNIT",
                f"Sáng kiến '{found['title']}' do {found['unit_name']} đề nghị, không thuộc đơn vị này.",
                field=f"initiative_ids[{index}]",
            )
        linked.append(
            {
                "submission_id": submission_id,
                "title": found["title"],
                "recognition_level": found["recognition_level"],
            }
        )
    return linked


async def list_dossiers(
    d: Deps, principal: Principal, *, filters: dict[str, Any], q: str | None, limit: int, skip: int
) -> tuple[list[dict[str, Any]], int]:
    """Dossiers the caller reaches; `unit_id` selects a subtree, `q` a subject name in any accents."""
    query = reach_filter(principal)
    renamed = {"unit_path" if k == "unit_id" else k: v for k, v in filters.items()}
    query.update({k: v for k, v in renamed.items() if v is not None})
    words = fold(q).split() if q else []
    if words:
        query["$and"] = [{"subject_name_folded": {"$regex": re.escape(word)}} for word in words]
    return await d.dossiers.search(query, limit, skip)


async def _readable(d: Deps, principal: Principal, dossier_id: str, roles: Any) -> dict[str, Any]:
    doc = await d.dossiers.get(dossier_id)
    if doc is None:
        raise NotFound("UNKNOWN_DOSSIER", f"Không tìm thấy hồ sơ '{dossier_id}'.")
    if not principal.may(roles, doc["unit_path"]):
        raise _forbidden(doc["unit_name"])
    return doc


async def add_attachment(
    d: Deps, principal: Principal, dossier_id: str, *, kind: str, filename: str, content: bytes
) -> dict[str, Any]:
    """Check a document by its content, store it, and list it on the dossier (or store nothing)."""
    doc = await _readable(d, principal, dossier_id, SUBMITTERS)
    ensure_editable(doc["status"])
    if kind not in attachments.ATTACHMENT_KINDS:
        raise Unprocessable(
            "UNKNOWN_ATTACHMENT_KIND",
            "Loại tài liệu phải là một trong: " + ", ".join(attachments.ATTACHMENT_KINDS),
            field="kind",
        )
    checked = attachments.check(nfc(filename), content)
    file_id = await d.files.put(checked, content, dossier_id)
    entry = {
        "attachment_id": file_id,
        "kind": kind,
        "filename": checked.filename,
        "file_type": checked.file_type,
        "media_type": checked.media_type,
        "size": checked.size,
        "sha256": checked.sha256,
        "uploaded_by": principal.subject,
        "uploaded_at": d.clock(),
    }
    try:
        attached = await d.dossiers.attach(dossier_id, entry)
    except Exception:
        await d.files.delete(file_id)
        raise
    if not attached:
        await d.files.delete(file_id)  # nothing half-stored: the dossier was submitted meanwhile
        ensure_editable("submitted")
    stored = await d.dossiers.get(dossier_id)
    assert stored is not None
    return stored


async def submit_dossier(d: Deps, principal: Principal, dossier_id: str) -> dict[str, Any]:
    """Send a complete dossier to the receiving level before the round's deadline."""
    doc = await _readable(d, principal, dossier_id, SUBMITTERS)
    ensure_editable(doc["status"])
    round_ = await d.rounds.get(doc["round_id"])
    assert round_ is not None
    now = d.clock()
    round_.ensure_open(now, doc["unit_id"])
    ensure_complete([a["kind"] for a in doc["attachments"]])
    event = new_event(
        "nomination.submitted",
        producer=PRODUCER,
        unit_path=doc["unit_path"],
        actor=principal.subject,
        occurred_at=now,
        payload=NominationSubmitted(
            dossier_id=dossier_id,
            round_id=doc["round_id"],
            year=doc["year"],
            proposing_unit_id=doc["unit_id"],
            proposing_unit_name=doc["unit_name"],
            receiving_unit_id=doc["receiving_unit_id"],
            subject_kind=doc["subject_kind"],
            subject_name=doc["subject_name"],
            subject_unit_id=doc["subject_unit_id"],
            subject_position=doc["subject_position"],
            award_code=doc["award_code"],
            award_name=doc["award_name"],
            dossier_kind=doc["dossier_kind"],
            summary=doc["summary"],
            attachments=[
                AttachmentRef(**{k: a[k] for k in AttachmentRef.model_fields}) for a in doc["attachments"]
            ],
            submitted_at=now,
            initiatives=[LinkedInitiative(**i) for i in doc.get("initiatives", [])],
            prior_awards=[PriorAwardOut(**a) for a in doc.get("prior_awards", [])],
        ),
    )
    history = {"status": "submitted", "at": now, "by": principal.subject, "reason": None}
    try:
        await d.dossiers.submit(dossier_id, doc["status"], history, event)
    except DossierChanged:
        raise Conflict("CONCURRENT_CHANGE", "Hồ sơ vừa được thay đổi; hãy tải lại và thử lại.") from None
    stored = await d.dossiers.get(dossier_id)
    assert stored is not None
    return stored


async def get_dossier(d: Deps, principal: Principal, dossier_id: str) -> dict[str, Any]:
    """A dossier with every status it passed through."""
    return await _readable(d, principal, dossier_id, READERS)


async def download(
    d: Deps, principal: Principal, dossier_id: str, attachment_id: str
) -> tuple[dict[str, Any], AsyncIterator[bytes]]:
    """An attachment's metadata and bytes, for callers who may read the dossier."""
    doc = await _readable(d, principal, dossier_id, READERS)
    entry = next((a for a in doc["attachments"] if a["attachment_id"] == attachment_id), None)
    if entry is None:
        raise NotFound("UNKNOWN_ATTACHMENT", "Không tìm thấy tài liệu này trong hồ sơ.")
    return entry, d.files.read(attachment_id)
