"""Use cases of decisions: the chair decides within the level's authority, or the office forwards upward."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from fractions import Fraction
from typing import Any

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import UnitCreated
from emutrack_contracts.events.review import DecisionAwardee, DecisionIssued
from emutrack_kit.auth import Principal, Role
from emutrack_kit.consumer import Position
from emutrack_kit.errors import Conflict, Forbidden, Unprocessable
from review.adapters.decisions import DuplicateDecision
from review.domain.ballots import Tally, ThresholdRule, Turnout
from review.domain.decisions import Level, LevelKind, issue_decision
from review.domain.forwarding import ExportPackage, forward
from review.domain.history import label
from review.domain.integrity import content_hash
from review.domain.nominations import STATUS_VI
from review.domain.nominations import nomination_id as nomination_key
from review.domain.quotas import capped_awards
from review.domain.sessions import AppraisalSummary, ItemResult, Nomination
from review.handlers import Deps
from review.nomination_handlers import (
    PRODUCER,
    ensure_level_office,
    get_nomination,
    quota_unit_of,
    status_event,
    subject_key_of,
)

LEVEL_KINDS: dict[str, LevelKind] = {"city": "city", "district": "district", "ward": "ward"}


async def on_unit_created(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Learn a unit's kind, name and path (which level decides what, where the unit sits)."""
    payload = UnitCreated.model_validate(envelope.payload)
    fields = {
        "name": payload.name,
        "kind": payload.kind,
        "level": payload.level,
        "path": list(envelope.unit_path),
    }
    await deps.units.upsert(payload.unit_id, fields)


async def _level(deps: Deps, unit_id: str) -> Level:
    unit = await deps.units.get(unit_id)
    if unit is None or unit["kind"] not in LEVEL_KINDS:
        raise Unprocessable(
            "UNKNOWN_LEVEL",
            f"'{unit_id}' không phải một cấp (phường, quận, thành phố) đã biết.",
            field="level_unit_id",
        )
    council = await deps.councils.get(unit_id)
    signers = frozenset({council["chair_id"]}) if council else frozenset()
    return Level(unit_id, LEVEL_KINDS[unit["kind"]], unit["name"], signers)


def _nomination(doc: dict[str, Any]) -> Nomination:
    subject_id = subject_key_of(doc)
    return Nomination(
        doc["_id"], doc["dossier_id"], doc["award_code"], doc["subject_kind"], subject_id,
        doc["subject_name"], doc["proposing_unit_id"], doc["level_unit_id"],
    )  # fmt: skip


def _result(doc: dict[str, Any]) -> ItemResult | None:
    stored = doc.get("tally")
    if stored is None:
        return None
    rule = ThresholdRule(Fraction(stored["rule"]["share"]), stored["rule"]["of"])
    turnout = Turnout(stored["members"], stored["present"], stored["written"], stored["votes_cast"])
    tally = Tally(
        stored["ballot_id"], stored["question"], turnout, stored["yes"], stored["no"], stored["abstain"], rule
    )
    return ItemResult(
        stored["session_id"],
        doc["level_unit_id"],
        doc["_id"],
        doc["award_code"],
        rule,
        tally,
        stored["passed"],
    )


async def authorize_chair(_: Deps, principal: Principal, level_unit_id: str) -> None:
    """The caller chairs the level's council (only the chair signs its decisions)."""
    if not any(b.role == Role.COUNCIL_CHAIR and b.unit_id == level_unit_id for b in principal.bindings):
        raise Forbidden(
            "NOT_LEVEL_COUNCIL", "Chỉ Chủ tịch Hội đồng của cấp này mới ký quyết định.", field="level_unit_id"
        )


async def issue(
    deps: Deps,
    principal: Principal,
    *,
    level_unit_id: str,
    number: str,
    signed_on: date,
    award_code: str,
    nomination_ids: list[str],
) -> dict[str, Any]:
    """The chair issues a decision for passed nominations of the level (within its authority)."""
    await authorize_chair(deps, principal, level_unit_id)
    level = await _level(deps, level_unit_id)
    docs = [await get_nomination(deps, principal, n) for n in nomination_ids]
    decision_id = f"{level_unit_id}|{number.strip()}"
    for i, doc in enumerate(docs):
        if doc["status"] != "voted" and doc.get("decision_id") != decision_id:
            raise Conflict(
                "NOT_VOTED",
                f"Hồ sơ của {doc['subject_name']} không ở trạng thái 'Đã bỏ phiếu' "
                f"(hiện tại: '{STATUS_VI.get(doc['status'], doc['status'])}').",
                field=f"nomination_ids[{i}]",
            )
    results = {d["_id"]: r for d in docs if (r := _result(d)) is not None}
    published = {
        d["_id"]: date.fromisoformat(d["public_comment"]["published_on"])
        for d in docs
        if d.get("public_comment")
    }
    decision = issue_decision(
        number, signed_on, principal.subject, level, award_code, [_nomination(d) for d in docs], results,
        published,
    )  # fmt: skip
    digest = content_hash(asdict(decision))
    years = {d["_id"]: int(d["year"]) for d in docs}  # the emulation year each award honours
    payload = DecisionIssued(
        decision_id=decision_id,
        number=decision.number,
        signed_on=signed_on,
        signer_id=principal.subject,
        level_unit_id=level_unit_id,
        award_code=award_code,
        award_name=label(award_code),
        awardees=[DecisionAwardee(**asdict(a), year=years[a.nomination_id]) for a in decision.awardees],
        ballot_ids=list(decision.ballot_ids),
        content_hash=digest,
    )
    path = docs[0]["level_path"]
    event = new_event(
        "decision.issued", producer=PRODUCER, unit_path=path, actor=principal.subject, payload=payload
    )
    record = {
        "_id": decision_id,
        **payload.model_dump(mode="python"),
        "signed_on": signed_on.isoformat(),
        "level_path": path,
    }
    try:
        await deps.decisions.add(record, event)
    except DuplicateDecision:
        stored = await deps.decisions.get(decision_id)
        if stored is None or stored["content_hash"] != digest:
            raise Conflict(
                "DECISION_NUMBER_USED",
                f"Số quyết định {decision.number} đã được dùng ở cấp này.",
                field="number",
            ) from None
        # The same decision sent again (e.g. after a crash half-way): finish what it did not.
    await deps.awards.record(
        [
            {"subject_key": subject_key_of(d), "kind": d["subject_kind"], "unit_id": quota_unit_of(d),
             "code": award_code, "year": d["year"], "decision_id": decision_id,
             "decision_number": decision.number, "level": level_unit_id}
            for d in docs
        ],
        capped_awards(await deps.rules.all()),
    )  # fmt: skip
    now = deps.clock()
    for doc in docs:
        if doc["status"] == "decided":
            continue
        reasons = [f"Quyết định số {decision.number}"]
        history = {"status": "decided", "at": now, "by": principal.subject, "reasons": reasons}
        step = status_event(doc, "decided", principal.subject, now, reasons, digest)
        await deps.nominations.change_status(
            doc["_id"], "voted", "decided", history, step, {"decision_id": decision_id}
        )
    stored = await deps.decisions.get(decision_id)
    assert stored is not None
    return stored


async def forward_upward(deps: Deps, principal: Principal, identifier: str) -> dict[str, Any]:
    """The office sends a passed nomination outside its authority to the parent level (or to central)."""
    doc = await get_nomination(deps, principal, identifier)
    level_unit_id = doc["level_unit_id"]
    ensure_level_office(principal, doc, "trình cấp trên")
    if doc["status"] != "voted":
        raise Conflict(
            "NOT_VOTED",
            "Chỉ trình cấp trên hồ sơ đã được Hội đồng cấp này bỏ phiếu thông qua.",
            field="status",
        )
    current = await _level(deps, level_unit_id)
    parent_path = doc["level_path"][:-1]
    parent = await _level(deps, parent_path[-1]) if parent_path else Level("central", "central", "Trung ương")
    appraisal = AppraisalSummary(
        identifier, "eligible", 0, (doc.get("appraisal") or {}).get("content_hash", ""), date.today()
    )
    result = _result(doc)
    if result is None:
        raise Conflict(
            "NO_TALLY", "Hồ sơ chưa có kết quả bỏ phiếu của Hội đồng cấp này.", field="nomination_id"
        )
    outcome = forward(
        _nomination(doc), appraisal, result, parent, current_level=current, on=deps.clock().date()
    )
    now = deps.clock()
    endorsement = {
        "level_unit_id": level_unit_id,
        "appraisal_hash": appraisal.snapshot_hash,
        "tally": doc["tally"],
    }
    endorsements = [*doc.get("endorsements", []), endorsement]
    if isinstance(outcome, ExportPackage):
        package = {**asdict(outcome), "prepared_on": outcome.prepared_on.isoformat()}
        fields: dict[str, Any] = {"export_package": package, "endorsements": endorsements}
    else:
        new_id = nomination_key(doc["dossier_id"], parent.unit_id)
        fields = {"forwarded_to": new_id, "endorsements": endorsements}
        copied = {
            k: v
            for k, v in doc.items()
            if k not in ("_id", "history", "seen_events", "appraisal", "tally", "status")
        }
        forwarded = {
            **copied,
            "_id": new_id,
            "level_unit_id": parent.unit_id,
            "level_path": parent_path,
            "status": "received",
            "received_at": now,
            "endorsements": endorsements,
            "forwarded_from": identifier,
        }
        arrived = {
            "status": "received",
            "at": now,
            "by": principal.subject,
            "reasons": [f"Trình từ {current.name}"],
        }
        await deps.nominations.add_forwarded(
            forwarded, arrived, status_event(forwarded, "received", principal.subject, now, [])
        )
    reasons = [f"Trình {parent.name}"]
    history = {"status": "forwarded", "at": now, "by": principal.subject, "reasons": reasons}
    step = status_event(doc, "forwarded", principal.subject, now, reasons)
    if not await deps.nominations.change_status(identifier, "voted", "forwarded", history, step, fields):
        raise Conflict("CONCURRENT_CHANGE", "Hồ sơ vừa được thay đổi; hãy tải lại và thử lại.")
    return await get_nomination(deps, principal, identifier)
