"""Journey 1b: a dossier's documents — attached (checked by registration), read back unchanged."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, BinaryIO

from portal.adapters.api import ServiceApi


@dataclass(frozen=True)
class Upload:
    """A document the person sends: its kind, the file's name, its bytes as a stream, its media type."""

    dossier_id: str
    kind: str
    filename: str
    content: BinaryIO
    media_type: str


async def attach(registration: ServiceApi, upload: Upload, key: str) -> dict[str, Any]:
    """List the document on the dossier (the form's key makes a double click one document); the entry."""
    dossier = await registration.post(
        f"/dossiers/{upload.dossier_id}/attachments",
        key=key,
        data={"kind": upload.kind},
        files={"file": (upload.filename, upload.content, upload.media_type)},
    )
    named = unicodedata.normalize("NFC", upload.filename)
    listed = [a for a in dossier["attachments"] if a["filename"] == named] or dossier["attachments"]
    return dict(listed[-1])  # a retry (same key) answers with the document listed by the first upload


async def download(registration: ServiceApi, dossier_id: str, attachment_id: str) -> tuple[bytes, str, str]:
    """A document's bytes, media type and file name (registration refuses one not on the dossier)."""
    content, media_type = await registration.get_bytes(f"/dossiers/{dossier_id}/attachments/{attachment_id}")
    dossier = await registration.get(f"/dossiers/{dossier_id}")
    names = {a["attachment_id"]: a["filename"] for a in dossier["attachments"]}
    return content, media_type, str(names.get(attachment_id, attachment_id))
