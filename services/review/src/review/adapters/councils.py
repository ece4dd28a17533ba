"""MongoDB queries of councils, their sessions, and secret ballots (voter rolls apart from boxes).

A vote is two writes to two collections that share nothing but the ballot: the voter roll entry
(`_id` = ballot|member, so a second vote collides) and a counter increment in the ballot box (no
paper is stored, so no order or time can link a voter to a choice). A crash between the two
leaves a roll entry without its paper: the tally then refuses (BOX_ROLL_MISMATCH), never miscounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, time
from fractions import Fraction

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Page, Repository
from emutrack_kit.unit_of_work import Duplicate, UnitOfWork
from review.domain.ballots import BallotBox, BoxEntry, RollEntry, VoterRoll, parse_threshold
from review.domain.councils import AgendaNote, Council, CouncilMember, SessionRecord
from review.domain.sessions import AgendaItem, AppraisalSummary, CouncilSession, Nomination


class CouncilRepository(Repository):
    """Each level's council: members and chair (`_id` = the level)."""

    collection_name = "councils"

    async def put(self, council: Council) -> Council:
        """Replace a level's council (a new version); returns it as stored."""
        fields = {"members": [asdict(m) for m in council.members], "chair_id": council.chair_id}
        doc = await self.collection.find_one_and_update(
            {"_id": council.level_unit_id},
            {"$set": fields, "$inc": {"version": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        return council if doc is None else _council(doc)

    async def get(self, level_unit_id: str) -> Council | None:
        """A level's council, or None."""
        doc = await self.collection.find_one({"_id": level_unit_id})
        return None if doc is None else _council(doc)


def _council(doc: Document) -> Council:
    members = tuple(CouncilMember(m["member_id"], m.get("name", m["member_id"])) for m in doc["members"])
    return Council(doc["_id"], members, doc["chair_id"])


class SessionRepository(Repository):
    """Council sessions; every change is a compare-and-set on the session's version."""

    collection_name = "council_sessions"

    async def get(self, session_id: str) -> SessionRecord | None:
        """One session, or None."""
        doc = await self.document(session_id)
        return None if doc is None else _session(doc)

    async def of_level(self, level_unit_id: str, limit: int, skip: int) -> Page[SessionRecord]:
        """A page of a level's sessions, the latest held first."""
        sort = [("held_on", -1), ("_id", 1)]
        page = await self.page({"level_unit_id": level_unit_id}, sort, limit, skip)
        return Page([_session(d) for d in page.items], page.total)

    def stage_new(self, uow: UnitOfWork, record: SessionRecord, event: Envelope) -> None:
        """Stage a planned session with its `council_session.scheduled` event."""
        uow.insert(self.collection, {"_id": record.session_id, **_fields(record), "version": 1}, [event])

    def stage_change(
        self, uow: UnitOfWork, before: SessionRecord, after: SessionRecord, events: Sequence[Envelope] = ()
    ) -> None:
        """Stage the session's new state, with its events, if nobody changed it since `before` was read."""
        update = {"$set": _fields(after), "$inc": {"version": 1}}
        uow.update(self.collection, {"_id": before.session_id, "version": before.version}, update, events)


def _fields(record: SessionRecord) -> Document:
    session = record.session
    fields: Document = {
        "level_unit_id": session.level_unit_id,
        "name": record.name,
        "held_on": datetime.combine(session.held_on, time()),
        "members": list(record.member_ids),
        # A list, not a map: member ids are account names, and a document's keys may not hold a '.'.
        "member_names": [{"member_id": m, "name": n} for m, n in record.member_names.items()],
        "chair_id": session.chair_id,
        "quorum": str(session.quorum),
        "present": sorted(session.present),
        "status": session.status,
        "agenda": record.agenda(),
    }
    moments = {"opened_at": record.opened_at, "closed_at": record.closed_at}
    return {**fields, **{k: v for k, v in moments.items() if v is not None}}


def _session(doc: Document) -> SessionRecord:
    held_on = doc["held_on"].date()
    session = CouncilSession(
        doc["_id"], doc["level_unit_id"], held_on, frozenset(doc["members"]), doc["chair_id"],
        Fraction(doc["quorum"]), tuple(_item(doc["level_unit_id"], e, held_on) for e in doc["agenda"]),
        frozenset(doc["present"]), doc["status"],
    )  # fmt: skip
    notes = tuple(AgendaNote(e["award_name"], e.get("result")) for e in doc["agenda"])
    return SessionRecord(
        session, doc["name"], tuple(doc["members"]), _names(doc["member_names"]), notes, doc["version"],
        doc.get("opened_at"), doc.get("closed_at"),
    )  # fmt: skip


def _names(stored: Document | list[Document]) -> dict[str, str]:
    """Each member's name (kept as a list of pairs; sessions stored before that kept a map)."""
    if isinstance(stored, dict):
        return {str(k): str(v) for k, v in stored.items()}
    return {str(m["member_id"]): str(m["name"]) for m in stored}


def _item(level_unit_id: str, entry: Document, held_on: date) -> AgendaItem:
    nomination = Nomination(
        entry["nomination_id"], entry["dossier_id"], entry["award_code"], entry["subject_kind"],
        entry["subject_id"], entry["subject_name"], entry["proposing_unit_id"], level_unit_id,
    )  # fmt: skip
    summary = AppraisalSummary(entry["nomination_id"], "eligible", 0, entry["appraisal_hash"], held_on)
    return AgendaItem(entry["number"], nomination, summary, parse_threshold(entry["threshold"]))


class BallotRepository(Repository):
    """Voter rolls and ballot boxes, kept in two collections."""

    collection_name = "voter_rolls"

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        super().__init__(db)
        self._boxes = db["ballot_boxes"]

    async def cast(self, entry: RollEntry, paper: BoxEntry) -> None:
        """Claim the member's place on the roll (`Duplicate` if taken), then count the paper's marks."""
        key = f"{entry.ballot_id}|{entry.member_id}"
        roll_doc = {"ballot_id": entry.ballot_id, "member_id": entry.member_id, "voted_at": entry.voted_at}
        try:
            await self.collection.insert_one({"_id": key, **roll_doc, "mode": entry.mode})
        except DuplicateKeyError as exc:
            raise Duplicate(self.collection_name, key) from exc
        increments = {"papers": 1, **{f"counts.{m}": 1 for m in paper.marks}}
        await self._boxes.update_one({"_id": paper.ballot_id}, {"$inc": increments}, upsert=True)

    async def roll(self, ballot_id: str) -> VoterRoll:
        """Who voted on a ballot, and how (in person, in writing)."""
        docs = await self.collection.find({"ballot_id": ballot_id}).sort("_id", 1).to_list(None)
        entries = (RollEntry(d["ballot_id"], d["member_id"], d["voted_at"], d["mode"]) for d in docs)
        return VoterRoll(ballot_id, tuple(entries))

    async def box(self, ballot_id: str) -> BallotBox:
        """The ballot box's counters (empty if nobody voted)."""
        doc = await self._boxes.find_one({"_id": ballot_id})
        if doc is None:
            return BallotBox(ballot_id)
        return BallotBox(ballot_id, doc["papers"], tuple(sorted(doc["counts"].items())))
