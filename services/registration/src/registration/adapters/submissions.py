"""MongoDB queries of initiatives and exemplars (one collection, told apart by `kind`)."""

from __future__ import annotations

from dataclasses import asdict

from emutrack_contracts import Envelope
from emutrack_kit.auth import Reach
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Page, reach_query
from emutrack_kit.text import fold
from emutrack_kit.unit_of_work import UnitOfWork
from registration.adapters.records import (
    Records,
    as_date,
    as_datetime,
    entry_document,
    every_word,
    filtered,
    history_of,
)
from registration.domain.history import HistoryEntry
from registration.domain.submissions import (
    Author,
    Exemplar,
    Initiative,
    Proposal,
    Submission,
    SubmissionFilter,
    SubmissionKind,
)

_COMMON = ("round_id", "year", "unit_id", "unit_name", "receiving_unit_id", "submitted_at")


class SubmissionRepository(Records[Submission]):
    """Initiatives and exemplars; each write carries its event (outbox) in the same document write."""

    collection_name = "submissions"

    def record(self, doc: Document) -> Submission:
        """A stored initiative or exemplar."""
        return Submission(
            submission_id=doc["_id"],
            kind=doc["kind"],
            unit_path=tuple(doc["unit_path"]),
            status=doc["status"],
            submitted_by=doc["submitted_by"],
            proposal=_proposal(doc),
            history=history_of(doc),
            **{k: doc[k] for k in _COMMON},
        )

    def add(self, uow: UnitOfWork, submission: Submission, event: Envelope, digest: str) -> None:
        """Stage a new submission with its event (`Duplicate` at commit if its id is taken)."""
        s = submission
        doc = {
            "_id": s.submission_id,
            "kind": s.kind,
            **{k: getattr(s, k) for k in _COMMON},
            **_proposal_fields(s.proposal),
            "unit_path": list(s.unit_path),
            "status": s.status,
            "submitted_by": s.submitted_by,
            "search_folded": fold(s.searchable),
            "request_hash": digest,
            "history": [entry_document(e) for e in s.history],
        }
        uow.insert(self.collection, doc, [event])

    def withdraw(self, uow: UnitOfWork, submission_id: str, entry: HistoryEntry, event: Envelope) -> None:
        """Stage the withdrawal with its event, if it is still submitted (else `StaleWrite` at commit)."""
        uow.update(
            self.collection,
            {"_id": submission_id, "status": "submitted"},
            {"$set": {"status": "withdrawn"}, "$push": {"history": entry_document(entry)}},
            [event],
        )

    async def search(
        self, reach: Reach, kind: SubmissionKind, wanted: SubmissionFilter, limit: int, skip: int
    ) -> Page[Submission]:
        """Proposals of a kind within reach, filtered; every word of `q` anywhere, in any order."""
        query: Document = {
            **reach_query(reach),
            "kind": kind,
            **filtered(wanted),
            **every_word("search_folded", wanted.q),
        }
        return await self.records(query, [("submitted_at", 1), ("_id", 1)], limit, skip)


def _proposal_fields(proposal: Proposal) -> Document:
    fields = asdict(proposal)
    if isinstance(proposal, Initiative):
        fields["applied_since"] = as_datetime(proposal.applied_since)  # MongoDB stores no bare dates
    return fields


def _proposal(doc: Document) -> Proposal:
    if doc["kind"] == "initiative":
        applied_since = as_date(doc["applied_since"])
        assert applied_since is not None
        return Initiative(
            title=doc["title"],
            field=doc["field"],
            authors=tuple(Author(**a) for a in doc["authors"]),
            recognition_level=doc["recognition_level"],
            applied_since=applied_since,
            summary=doc["summary"],
            benefits=doc["benefits"],
        )
    return Exemplar(
        category=doc["category"],
        subject_kind=doc["subject_kind"],
        subject_name=doc["subject_name"],
        field=doc["field"],
        achievement=doc["achievement"],
        subject_position=doc.get("subject_position"),
        subject_gender=doc.get("subject_gender"),
    )
