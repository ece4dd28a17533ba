"""Use cases of a level's council: members, sessions, agenda, attendance, secret ballots, results.

A level's council business is done by that level's own bindings: its standing office (or an admin
bound to it) prepares sessions; its council members and chair vote; the chair or the office opens
and closes. Only tallies are ever returned — never who voted what.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from fractions import Fraction
from typing import Any

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.review import CouncilSessionClosed, CouncilSessionScheduled, PublishedTally
from emutrack_kit.auth import Principal, Role
from emutrack_kit.errors import Conflict, Forbidden, NotFound, Unprocessable
from review.adapters.councils import AlreadyVoted
from review.domain import sessions
from review.domain.ballots import (
    VoteMode,
    cast_vote,
    close_ballot,
    open_ballot,
    parse_threshold,
    tally,
)
from review.domain.integrity import freeze
from review.domain.sessions import AppraisalSummary, CouncilSession, Nomination, Verdict
from review.handlers import Deps, unit_path
from review.nomination_handlers import PRODUCER, get_nomination, status_event

VOTERS = (Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR)


def _bound(principal: Principal, level: str, roles: tuple[Role, ...]) -> bool:
    return any(b.unit_id == level and b.role in roles for b in principal.bindings)


def _ensure(principal: Principal, level: str, roles: tuple[Role, ...], what: str) -> None:
    if not _bound(principal, level, roles):
        raise Forbidden(
            "NOT_LEVEL_COUNCIL", f"Chỉ {what} của cấp này mới được thực hiện thao tác này.", field="level"
        )


async def authorize_office(_: Deps, principal: Principal, level: str) -> None:
    """The caller is the level's own standing office (or an admin bound to it)."""
    _ensure(principal, level, (Role.STANDING_OFFICE, Role.ADMIN), "cơ quan thường trực")


async def set_council(
    deps: Deps, principal: Principal, level: str, members: list[dict[str, str]], chair_id: str
) -> dict[str, Any]:
    """The level's office records its council's members and chair."""
    await authorize_office(deps, principal, level)
    ids = [m["member_id"] for m in members]
    if len(set(ids)) != len(ids):
        raise Unprocessable("DUPLICATE_MEMBER", "Một thành viên được ghi hai lần.", field="members")
    if chair_id not in ids:
        raise Unprocessable(
            "CHAIR_NOT_MEMBER", "Chủ tịch Hội đồng phải có trong danh sách thành viên.", field="chair_id"
        )
    return await deps.councils.put(level, {"members": members, "chair_id": chair_id})


def _to_domain(doc: dict[str, Any]) -> CouncilSession:
    session = sessions.plan_session(
        doc["_id"],
        doc["level_unit_id"],
        doc["held_on"].date(),
        doc["members"],
        doc["chair_id"],
        Fraction(doc["quorum"]),
    )
    for item in doc["agenda"]:
        nomination = Nomination(
            item["nomination_id"], item["dossier_id"], item["award_code"], item["subject_kind"],
            item["subject_id"], item["subject_name"], item["proposing_unit_id"], doc["level_unit_id"],
        )  # fmt: skip
        summary = AppraisalSummary(
            item["nomination_id"], "eligible", 0, item["appraisal_hash"], session.held_on
        )
        session = sessions.add_item(session, nomination, summary, parse_threshold(item["threshold"]))
    session = sessions.record_attendance(session, doc["present"]) if doc["present"] else session
    return CouncilSession(**{**session.__dict__, "status": doc["status"]})


async def _session(deps: Deps, session_id: str) -> dict[str, Any]:
    doc = await deps.sessions.get(session_id)
    if doc is None:
        raise NotFound("UNKNOWN_SESSION", f"Không tìm thấy phiên họp '{session_id}'.", field="session_id")
    return doc


async def _save(
    deps: Deps, doc: dict[str, Any], fields: dict[str, Any], event: Envelope | None = None
) -> dict[str, Any]:
    if not await deps.sessions.save(doc["_id"], doc["version"], fields, [event] if event else []):
        raise Conflict("CONCURRENT_CHANGE", "Phiên họp vừa được thay đổi; hãy tải lại và thử lại.")
    return await _session(deps, doc["_id"])


async def plan(deps: Deps, principal: Principal, level: str, held_on: date, name: str) -> dict[str, Any]:
    """The office plans a session of its council (members and chair as the council stands today)."""
    await authorize_office(deps, principal, level)
    council = await deps.councils.get(level)
    if council is None:
        raise Conflict(
            "NO_COUNCIL", "Cấp này chưa có danh sách Hội đồng TĐKT; hãy nhập trước.", field="level"
        )
    members = [m["member_id"] for m in council["members"]]
    domain = sessions.plan_session(f"ss-{uuid.uuid4()}", level, held_on, members, council["chair_id"])
    doc = {
        "_id": domain.session_id,
        "level_unit_id": level,
        "name": name,
        "held_on": datetime.combine(held_on, time()),
        "members": members,
        "member_names": {m["member_id"]: m.get("name", m["member_id"]) for m in council["members"]},
        "chair_id": council["chair_id"],
        "quorum": str(domain.quorum),
        "present": [],
        "status": "planned",
        "agenda": [],
    }
    payload = CouncilSessionScheduled(
        session_id=domain.session_id, level_unit_id=level, name=name, held_on=held_on, member_ids=members,
        chair_id=council["chair_id"],
    )  # fmt: skip
    path = await unit_path(deps, level)
    event = new_event(
        "council_session.scheduled",
        producer=PRODUCER,
        unit_path=path,
        actor=principal.subject,
        payload=payload,
    )
    await deps.sessions.add(doc, event)
    return await _session(deps, domain.session_id)


async def add_to_agenda(
    deps: Deps, principal: Principal, session_id: str, nomination_id: str
) -> dict[str, Any]:
    """Put an accepted (appraised) nomination of this level on the agenda; it shows as 'on agenda'."""
    doc = await _session(deps, session_id)
    _ensure(principal, doc["level_unit_id"], (Role.STANDING_OFFICE, Role.ADMIN), "cơ quan thường trực")
    nomination = await get_nomination(deps, principal, nomination_id)
    # The office's acceptance (status "appraised", with a reason where the rules could not tell)
    # is what makes a nomination eligible for the council.
    verdict: Verdict = "eligible" if nomination["status"] == "appraised" else "incomplete"
    appraisal_hash = (nomination.get("appraisal") or {}).get("content_hash", "")
    subject_id = nomination.get("subject_unit_id") or nomination["subject_name"]
    domain_nomination = Nomination(
        nomination_id, nomination["dossier_id"], nomination["award_code"], nomination["subject_kind"],
        subject_id, nomination["subject_name"], nomination["proposing_unit_id"], nomination["level_unit_id"],
    )  # fmt: skip
    session = sessions.add_item(
        _to_domain(doc),
        domain_nomination,
        AppraisalSummary(nomination_id, verdict, 0, appraisal_hash, date.today()),
    )
    item = session.agenda[-1]
    entry = {
        "number": item.number,
        "nomination_id": nomination_id,
        "dossier_id": nomination["dossier_id"],
        "award_code": nomination["award_code"],
        "award_name": nomination["award_name"],
        "subject_kind": nomination["subject_kind"],
        "subject_id": subject_id,
        "subject_name": nomination["subject_name"],
        "proposing_unit_id": nomination["proposing_unit_id"],
        "appraisal_hash": appraisal_hash,
        "threshold": {"share": str(item.rule.share), "of": item.rule.of},
        "threshold_text": item.rule.describe(),
        "result": None,
    }
    now = deps.clock()
    history = {"status": "on_agenda", "at": now, "by": principal.subject, "reasons": []}
    event = status_event(nomination, "on_agenda", principal.subject, now, [])
    if not await deps.nominations.change_status(nomination_id, "appraised", "on_agenda", history, event):
        raise Conflict("CONCURRENT_CHANGE", "Hồ sơ vừa được thay đổi; hãy tải lại và thử lại.")
    return await _save(deps, doc, {"agenda": [*doc["agenda"], entry]})


async def attendance(deps: Deps, principal: Principal, session_id: str, present: list[str]) -> dict[str, Any]:
    """The office records who is present (absent members may still vote in writing)."""
    doc = await _session(deps, session_id)
    _ensure(
        principal,
        doc["level_unit_id"],
        (Role.STANDING_OFFICE, Role.ADMIN, Role.COUNCIL_CHAIR),
        "thường trực, chủ tịch",
    )
    session = sessions.record_attendance(_to_domain(doc), present)
    return await _save(deps, doc, {"present": sorted(session.present)})


async def open_session(deps: Deps, principal: Principal, session_id: str) -> dict[str, Any]:
    """The chair (or the office) opens the session: every item's ballot opens."""
    doc = await _session(deps, session_id)
    _ensure(
        principal,
        doc["level_unit_id"],
        (Role.STANDING_OFFICE, Role.ADMIN, Role.COUNCIL_CHAIR),
        "thường trực, chủ tịch",
    )
    sessions.open_session(_to_domain(doc))
    return await _save(deps, doc, {"status": "open", "opened_at": deps.clock()})


async def vote(
    deps: Deps, principal: Principal, session_id: str, nomination_id: str, choice: str, mode: VoteMode
) -> dict[str, Any]:
    """A council member votes on one item, in person or (absent) in writing; returns only the receipt."""
    doc = await _session(deps, session_id)
    _ensure(principal, doc["level_unit_id"], VOTERS, "thành viên Hội đồng")
    ballot = sessions.item_ballot(_to_domain(doc), nomination_id)
    roll = await deps.ballots.roll(ballot.ballot_id)
    roll_entry, box_entry = cast_vote(ballot, roll, principal.subject, [choice], mode=mode, at=deps.clock())
    try:
        await deps.ballots.cast(roll_entry, box_entry)
    except AlreadyVoted:
        raise Conflict(
            "ALREADY_VOTED", "Thành viên này đã bỏ phiếu; mỗi người chỉ bỏ một phiếu.", field="member_id"
        ) from None
    return {"ballot_id": ballot.ballot_id, "voted": True, "mode": mode}


async def close(deps: Deps, principal: Principal, session_id: str) -> dict[str, Any]:
    """Close the session: count every ballot, judge it by its threshold, publish tallies only."""
    doc = await _session(deps, session_id)
    level = doc["level_unit_id"]
    _ensure(principal, level, (Role.STANDING_OFFICE, Role.ADMIN, Role.COUNCIL_CHAIR), "thường trực, chủ tịch")
    session = sessions.close_session(_to_domain(doc))
    now = deps.clock()
    agenda = []
    for entry, item in zip(doc["agenda"], session.agenda, strict=True):
        open_ = open_ballot(
            session.ballot_id(item), "", session.members, session.present, quorum=session.quorum
        )
        ballot = close_ballot(open_, now)
        roll, box = await deps.ballots.roll(ballot.ballot_id), await deps.ballots.box(ballot.ballot_id)
        result = sessions.record_result(session, entry["nomination_id"], tally(ballot, roll, box, item.rule))
        public = {**result.tally.public(), "question": f"{entry['award_name']}: {entry['subject_name']}"}
        public["passed"] = result.passed
        snapshot = freeze(
            "tally", {"ballot": public, "threshold": entry["threshold"]}, "secret-ballot", 1, result.passed
        )
        agenda.append({**entry, "result": {**public, "content_hash": snapshot.content_hash}})
        status = "voted" if result.passed else "not_passed"
        nomination = await deps.nominations.get(entry["nomination_id"])
        assert nomination is not None
        reasons = [] if result.passed else [result.tally.explain(item.rule)]
        history = {"status": status, "at": now, "by": principal.subject, "reasons": reasons}
        event = status_event(nomination, status, principal.subject, now, reasons, snapshot.content_hash)
        stored_tally = {
            **public,
            "session_id": doc["_id"],
            "threshold": entry["threshold"],
            "content_hash": snapshot.content_hash,
        }
        await deps.nominations.change_status(
            entry["nomination_id"], "on_agenda", status, history, event, {"tally": stored_tally}
        )
    published = [
        PublishedTally.model_validate({**a["result"], "nomination_id": a["nomination_id"]}) for a in agenda
    ]
    payload = CouncilSessionClosed(
        session_id=doc["_id"], level_unit_id=level, name=doc["name"], closed_at=now, results=published
    )
    path = await unit_path(deps, level)
    event = new_event(
        "council_session.closed", producer=PRODUCER, unit_path=path, actor=principal.subject, payload=payload
    )
    return await _save(deps, doc, {"status": "closed", "closed_at": now, "agenda": agenda}, event)


async def get_session(deps: Deps, principal: Principal, session_id: str) -> dict[str, Any]:
    """A session as the level sees it (agenda, attendance, published tallies)."""
    doc = await _session(deps, session_id)
    readers = (Role.STANDING_OFFICE, Role.ADMIN, *VOTERS, Role.VIEWER)
    _ensure(principal, doc["level_unit_id"], readers, "Hội đồng, thường trực")
    return doc
