"""Nominations as stored: one document per nomination at a level, mapped to and from `NominationRecord`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any, Literal

from emutrack_kit.mongo import Document
from emutrack_kit.text import fold
from review.domain.forwarding import ExportItem, ExportPackage
from review.domain.history import DeclaredAward
from review.domain.nomination_parts import (
    AppraisalRecord,
    Attachment,
    ClusterEvidence,
    EndorsementRecord,
    LinkedInitiative,
    PublicComment,
    council_tally,
)
from review.domain.nomination_record import NominationRecord, Step

_KINDS: dict[str, Literal["collective", "individual"]] = {
    "collective": "collective",
    "individual": "individual",
}


def record_of(doc: Document) -> NominationRecord:
    """The nomination a stored document holds."""
    return NominationRecord(
        nomination_id=doc["_id"],
        dossier_id=doc["dossier_id"],
        round_id=doc["round_id"],
        year=doc["year"],
        proposing_unit_id=doc["proposing_unit_id"],
        proposing_unit_name=doc["proposing_unit_name"],
        unit_path=tuple(doc["unit_path"]),
        level_unit_id=doc["level_unit_id"],
        level_path=tuple(doc["level_path"]),
        subject_kind=_KINDS[doc["subject_kind"]],
        subject_name=doc["subject_name"],
        subject_unit_id=doc.get("subject_unit_id"),
        subject_position=doc.get("subject_position"),
        award_code=doc["award_code"],
        award_name=doc["award_name"],
        dossier_kind=doc["dossier_kind"],
        summary=doc["summary"],
        received_at=doc["received_at"],
        status=doc["status"],
        history=tuple(_step(h) for h in doc.get("history", [])),
        attachments=tuple(Attachment(**a) for a in doc.get("attachments", [])),
        initiatives=tuple(LinkedInitiative(**i) for i in doc.get("initiatives", [])),
        prior_awards=tuple(DeclaredAward(**a) for a in doc.get("prior_awards", [])),
        **_parts(doc),
    )


def _parts(doc: Document) -> dict[str, Any]:
    """What the level's steps added (absent until a step adds it)."""
    appraisal, tally, comment = doc.get("appraisal"), doc.get("tally"), doc.get("public_comment")
    package, evidence = doc.get("export_package"), doc.get("evidence")
    return {
        "appraisal": None if appraisal is None else _appraisal(appraisal),
        "tally": None if tally is None else council_tally(tally),
        "endorsements": tuple(_endorsement(e) for e in doc.get("endorsements", [])),
        "public_comment": None if comment is None else _comment(comment),
        "decision_id": doc.get("decision_id"),
        "export_package": None if package is None else _package(package),
        "forwarded_to": doc.get("forwarded_to"),
        "forwarded_from": doc.get("forwarded_from"),
        "evidence": None if evidence is None else ClusterEvidence(**evidence),
    }


def _step(doc: Document) -> Step:
    return Step(doc["status"], doc["at"], doc["by"], tuple(doc.get("reasons", [])))


def _appraisal(doc: Document) -> AppraisalRecord:
    return AppraisalRecord(**{**doc, "results": tuple(doc["results"])})


def _endorsement(doc: Document) -> EndorsementRecord:
    return EndorsementRecord(doc["level_unit_id"], doc["appraisal_hash"], council_tally(doc["tally"]))


def _comment(doc: Document) -> PublicComment:
    return PublicComment(
        date.fromisoformat(doc["published_on"]), doc["channel"], doc["working_days"],
        date.fromisoformat(doc["ends_on"]), doc["by"], doc["at"],
    )  # fmt: skip


def _package(doc: Document) -> ExportPackage:
    items = tuple(ExportItem(**i) for i in doc["items"])
    return ExportPackage(**{**doc, "items": items, "prepared_on": date.fromisoformat(doc["prepared_on"])})


def step_document(step: Step) -> Document:
    """A history entry as stored."""
    return {"status": step.status, "at": step.at, "by": step.by, "reasons": list(step.reasons)}


# The parts a step writes, by field: each as stored (None or [] when the step cleared it).
PARTS: dict[str, Callable[[NominationRecord], Any]] = {
    "appraisal": lambda r: None if r.appraisal is None else r.appraisal.public(),
    "tally": lambda r: None if r.tally is None else r.tally.public(),
    "endorsements": lambda r: [e.public() for e in r.endorsements],
    "public_comment": lambda r: None if r.public_comment is None else r.public_comment.public(),
    "decision_id": lambda r: r.decision_id,
    "export_package": lambda r: None if r.export_package is None else r.export_package.public(),
    "forwarded_to": lambda r: r.forwarded_to,
    "forwarded_from": lambda r: r.forwarded_from,
    "evidence": lambda r: None if r.evidence is None else asdict(r.evidence),
}


def dossier_fields(record: NominationRecord) -> Document:
    """What the dossier says (replaced when a returned dossier comes back)."""
    return {
        "dossier_id": record.dossier_id,
        "round_id": record.round_id,
        "year": record.year,
        "proposing_unit_id": record.proposing_unit_id,
        "proposing_unit_name": record.proposing_unit_name,
        "unit_path": list(record.unit_path),
        "level_unit_id": record.level_unit_id,
        "level_path": list(record.level_path),
        "subject_kind": record.subject_kind,
        "subject_name": record.subject_name,
        "subject_name_folded": fold(record.subject_name),
        "subject_unit_id": record.subject_unit_id,
        "subject_position": record.subject_position,
        "award_code": record.award_code,
        "award_name": record.award_name,
        "dossier_kind": record.dossier_kind,
        "summary": record.summary,
        "attachments": [asdict(a) for a in record.attachments],
        "initiatives": [asdict(i) for i in record.initiatives],
        "prior_awards": [asdict(a) for a in record.prior_awards],
        "received_at": record.received_at,
    }


def new_document(record: NominationRecord, seen_events: list[str]) -> Document:
    """A nomination arriving at its level, with the steps' parts it already carries (none are empty)."""
    parts = {name: part(record) for name, part in PARTS.items()}
    return {
        "_id": record.nomination_id,
        **dossier_fields(record),
        **{name: value for name, value in parts.items() if value not in (None, [])},
        "status": record.status,
        "seen_events": seen_events,
        "history": [step_document(s) for s in record.history],
    }
