"""Use cases of nomination dossiers: draft, attach documents, submit, read."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import AttachmentRef, NominationSubmitted
from emutrack_kit.auth import Principal
from emutrack_kit.errors import Conflict, Forbidden, NotFound, Unprocessable
from emutrack_kit.text import nfc
from registration.adapters.dossiers import DossierChanged
from registration.domain import attachments
from registration.domain.dossiers import award_for, ensure_complete, ensure_editable
from registration.domain.registrations import PRODUCER
from registration.handlers import READERS, SUBMITTERS, Deps


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
) -> dict[str, Any]:
    """A unit's officer drafts a dossier in a nomination round."""
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
    award = award_for(award_code, subject.kind)
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
    doc = {
        "_id": f"hs-{uuid.uuid4()}",
        "round_id": round_id,
        "year": round_.year,
        "unit_id": unit_id,
        "unit_name": unit.name,
        "unit_path": list(path),
        "receiving_unit_id": round_.receiving_unit_id,
        "subject_kind": subject.kind,
        "subject_name": subject_name,
        "subject_unit_id": subject_unit_id,
        "subject_position": nfc(subject.position) if subject.position else None,
        "award_code": award.code,
        "award_name": award.name,
        "dossier_kind": dossier_kind,
        "summary": nfc(summary),
        "status": "draft",
        "attachments": [],
        "history": [{"status": "draft", "at": now, "by": principal.subject, "reason": None}],
        "created_at": now,
    }
    await d.dossiers.create(doc)
    return doc


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
    round_.ensure_open(now)
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
