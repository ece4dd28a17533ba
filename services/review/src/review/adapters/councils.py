"""MongoDB queries of councils, their sessions, and secret ballots (voter rolls apart from boxes).

A vote is two writes to two collections that share nothing but the ballot: the voter roll entry
(`_id` = ballot|member, so a second vote collides) and a counter increment in the ballot box (no
paper is stored, so no order or time can link a voter to a choice). A crash between the two
leaves a roll entry without its paper: the tally then refuses (BOX_ROLL_MISMATCH), never miscounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_entry, outbox_fields, versioned_update
from review.domain.ballots import BallotBox, BoxEntry, RollEntry, VoterRoll


class AlreadyVoted(Exception):
    """The member's vote on this ballot is already on the roll."""


class CouncilRepository:
    """Each level's council: members and chair."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._councils = db["councils"]

    async def put(self, level_unit_id: str, fields: Document) -> Document:
        """Replace a level's council (a new version); returns it."""
        doc = await self._councils.find_one_and_update(
            {"_id": level_unit_id},
            {"$set": fields, "$inc": {"version": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        assert doc is not None
        return dict(doc)

    async def get(self, level_unit_id: str) -> Document | None:
        """A level's council, or None."""
        return await self._councils.find_one({"_id": level_unit_id})


class SessionRepository:
    """Council sessions; every change is a compare-and-set on the session's version."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._sessions = db["council_sessions"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._sessions

    async def add(self, doc: Document, event: Envelope) -> None:
        """Store a planned session with its `council_session.scheduled` event."""
        await self._sessions.insert_one({**doc, "version": 1, **outbox_fields([outbox_entry(event)])})

    async def get(self, session_id: str) -> Document | None:
        """One session, or None."""
        return await self._sessions.find_one({"_id": session_id})

    async def save(
        self, session_id: str, version: int, fields: Document, events: Sequence[Envelope] = ()
    ) -> bool:
        """Store the session's new state, with its events, if nobody changed it meanwhile."""
        result = await self._sessions.update_one(
            {"_id": session_id, "version": version}, versioned_update(fields, events)
        )
        return result.modified_count == 1


class BallotRepository:
    """Voter rolls and ballot boxes, kept in two collections."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._rolls = db["voter_rolls"]
        self._boxes = db["ballot_boxes"]

    async def cast(self, entry: RollEntry, paper: BoxEntry) -> None:
        """Claim the member's place on the roll, then add the paper's marks to the box counters."""
        roll_doc = {"ballot_id": entry.ballot_id, "member_id": entry.member_id, "voted_at": entry.voted_at}
        try:
            await self._rolls.insert_one(
                {"_id": f"{entry.ballot_id}|{entry.member_id}", **roll_doc, "mode": entry.mode}
            )
        except DuplicateKeyError as exc:
            raise AlreadyVoted from exc
        increments: dict[str, Any] = {"papers": 1, **{f"counts.{m}": 1 for m in paper.marks}}
        await self._boxes.update_one({"_id": paper.ballot_id}, {"$inc": increments}, upsert=True)

    async def roll(self, ballot_id: str) -> VoterRoll:
        """Who voted on a ballot, and how (in person, in writing)."""
        docs = await self._rolls.find({"ballot_id": ballot_id}).sort("_id", 1).to_list(None)
        entries = (RollEntry(d["ballot_id"], d["member_id"], d["voted_at"], d["mode"]) for d in docs)
        return VoterRoll(ballot_id, tuple(entries))

    async def box(self, ballot_id: str) -> BallotBox:
        """The ballot box's counters (empty if nobody voted)."""
        doc = await self._boxes.find_one({"_id": ballot_id})
        if doc is None:
            return BallotBox(ballot_id)
        return BallotBox(ballot_id, doc["papers"], tuple(sorted(doc["counts"].items())))
