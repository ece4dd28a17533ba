"""MongoDB queries of nomination dossiers, and their attachments in GridFS."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import asdict
from datetime import date

from bson import ObjectId
from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_contracts import Envelope
from emutrack_kit.auth import Reach
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Page, reach_query
from emutrack_kit.text import fold
from emutrack_kit.unit_of_work import UnitOfWork
from registration.adapters.records import Records, entry_document, every_word, filtered, history_of
from registration.domain.attachments import Attachment, CheckedFile
from registration.domain.dossiers import Dossier, DossierFilter, LinkedInitiative, PriorAward
from registration.domain.history import HistoryEntry

_EDITABLE = ["draft", "returned"]


class DossierRepository(Records[Dossier]):
    """Dossiers with their status history; a submission carries its event in the same write."""

    collection_name = "dossiers"

    def record(self, doc: Document) -> Dossier:
        """A stored dossier."""
        return Dossier(
            **{k: doc[k] for k in _SCALARS},
            dossier_id=doc["_id"],
            unit_path=tuple(doc["unit_path"]),
            initiatives=tuple(LinkedInitiative(**i) for i in doc.get("initiatives", [])),
            prior_awards=tuple(PriorAward(**a) for a in doc.get("prior_awards", [])),
            attachments=tuple(Attachment(**a) for a in doc["attachments"]),
            history=history_of(doc),
            deed_on=date.fromisoformat(doc["deed_on"]) if doc.get("deed_on") else None,
        )

    def add(self, uow: UnitOfWork, dossier: Dossier, digest: str) -> None:
        """Stage a new draft, without events (`Duplicate` at commit if its id is taken)."""
        doc = {
            "_id": dossier.dossier_id,
            **{k: getattr(dossier, k) for k in _SCALARS},
            "unit_path": list(dossier.unit_path),
            "subject_name_folded": fold(dossier.subject_name),
            "initiatives": [asdict(i) for i in dossier.initiatives],
            "prior_awards": [asdict(a) for a in dossier.prior_awards],
            "attachments": [asdict(a) for a in dossier.attachments],
            "history": [entry_document(e) for e in dossier.history],
            "request_hash": digest,
            **({"deed_on": dossier.deed_on.isoformat()} if dossier.deed_on else {}),
        }
        uow.insert(self.collection, doc)

    async def follow(self, dossier_id: str, event_id: str, entry: HistoryEntry) -> bool:
        """Show the submitter a step of the review (once per event); False if already shown or unknown."""
        result = await self.collection.update_one(
            {"_id": dossier_id, "seen_events": {"$ne": event_id}},
            {
                "$set": {"status": entry.status},
                "$push": {"history": entry_document(entry), "seen_events": event_id},
            },
        )
        return result.modified_count == 1

    async def search(self, reach: Reach, wanted: DossierFilter, limit: int, skip: int) -> Page[Dossier]:
        """Dossiers within reach, filtered; every word of `q` in the subject's name, oldest first."""
        query: Document = {
            **reach_query(reach),
            **filtered(wanted, award_code=wanted.award_code, dossier_kind=wanted.dossier_kind),
            **every_word("subject_name_folded", wanted.q),
        }
        return await self.records(query, [("created_at", 1), ("_id", 1)], limit, skip)

    async def attach(self, dossier_id: str, attachment: Attachment) -> bool:
        """Add a document to a dossier still editable (once per request id); False if not added."""
        query: Document = {"_id": dossier_id, "status": {"$in": _EDITABLE}}
        if attachment.request_id:
            # $nor, not $ne: FerretDB matches `$ne` on an array's field when any other element differs.
            query["$nor"] = [{"attachments.request_id": attachment.request_id}]
        result = await self.collection.update_one(query, {"$push": {"attachments": asdict(attachment)}})
        return result.modified_count == 1

    def submit(self, uow: UnitOfWork, dossier: Dossier, entry: HistoryEntry, event: Envelope) -> None:
        """Stage the move to `submitted` with its event, if its status is unchanged (else `StaleWrite`)."""
        uow.update(
            self.collection,
            {"_id": dossier.dossier_id, "status": dossier.status},
            {
                "$set": {"status": "submitted", "submitted_at": entry.at},
                "$push": {"history": entry_document(entry)},
            },
            [event],
        )


_SCALARS = (
    "round_id",
    "year",
    "unit_id",
    "unit_name",
    "receiving_unit_id",
    "subject_kind",
    "subject_name",
    "subject_unit_id",
    "subject_position",
    "award_code",
    "award_name",
    "dossier_kind",
    "summary",
    "status",
    "created_at",
)


class AttachmentStore:
    """File bytes in GridFS (bucket `attachments`), with type and checksum as metadata."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._bucket = AsyncGridFSBucket(db, bucket_name="attachments")

    async def put(self, checked: CheckedFile, content: bytes, dossier_id: str) -> str:
        """Store the bytes; return the file id."""
        file_id = await self._bucket.upload_from_stream(
            checked.filename,
            content,
            metadata={"dossier_id": dossier_id, "sha256": checked.sha256, "media_type": checked.media_type},
        )
        return str(file_id)

    async def delete(self, file_id: str) -> None:
        """Remove a stored file (compensation when the dossier could not record it)."""
        with contextlib.suppress(NoFile):
            await self._bucket.delete(ObjectId(file_id))

    async def read(self, file_id: str) -> AsyncIterator[bytes]:
        """Stream a stored file's bytes."""
        stream = await self._bucket.open_download_stream(ObjectId(file_id))
        while chunk := await stream.readchunk():
            yield chunk
