"""MongoDB queries of nomination dossiers, and their attachments in GridFS."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from bson import ObjectId
from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.outbox import outbox_append, outbox_entry
from registration.domain.attachments import CheckedFile


class DossierChanged(Exception):
    """The dossier changed status between reading and writing it."""


class DuplicateDossier(Exception):
    """A dossier with this id exists."""


class DossierRepository:
    """Dossiers with their status history; a submission carries its event in the same write."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._dossiers = db["dossiers"]

    @property
    def collection(self) -> Any:
        """The collection (the outbox relay watches it)."""
        return self._dossiers

    async def create(self, doc: Document) -> None:
        """Store a new draft; DuplicateDossier if the id is taken (a retried Idempotency-Key)."""
        try:
            await self._dossiers.insert_one(doc)
        except DuplicateKeyError as exc:
            raise DuplicateDossier(doc["_id"]) from exc

    async def follow(self, dossier_id: str, event_id: str, status: str, history: Document) -> bool:
        """Show the submitter a step of the review (once per event); False if already shown or unknown."""
        result = await self._dossiers.update_one(
            {"_id": dossier_id, "seen_events": {"$ne": event_id}},
            {"$set": {"status": status}, "$push": {"history": history, "seen_events": event_id}},
        )
        return result.modified_count == 1

    async def search(self, query: Document, limit: int, skip: int) -> tuple[list[Document], int]:
        """A page of dossiers matching `query`, oldest first, and the total count."""
        page = (
            await self._dossiers.find(query, {"_outbox": 0})
            .sort([("created_at", 1), ("_id", 1)])
            .skip(skip)
            .to_list(limit)
        )
        return page, await self._dossiers.count_documents(query)

    async def get(self, dossier_id: str) -> Document | None:
        """One dossier (without its outbox)."""
        return await self._dossiers.find_one({"_id": dossier_id}, {"_outbox": 0})

    async def attach(self, dossier_id: str, attachment: Document) -> bool:
        """Add a document to a dossier still editable; False if it no longer is."""
        result = await self._dossiers.update_one(
            {"_id": dossier_id, "status": {"$in": ["draft", "returned"]}},
            {"$push": {"attachments": attachment}},
        )
        return result.modified_count == 1

    async def submit(self, dossier_id: str, expected_status: str, history: Document, event: Envelope) -> None:
        """Move the dossier to `submitted` with its event, if its status did not change meanwhile."""
        update = outbox_append([outbox_entry(event)])
        update["$push"]["history"] = history
        update["$set"]["status"] = "submitted"
        update["$set"]["submitted_at"] = history["at"]
        result = await self._dossiers.update_one({"_id": dossier_id, "status": expected_status}, update)
        if result.modified_count != 1:
            raise DossierChanged(dossier_id)


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
